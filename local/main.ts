/**
 * `npm start`: the whole system on this machine (API.md, "Local runtime"). Configuration comes from the
 * environment: PORT, DATA_DIR, DYNAMODB_PORT, MESSAGING_PORT, DYNAMODB_ENDPOINT, MESSAGING_ENDPOINT, RESERVATION_TTL_SECONDS,
 * PRICE_CACHE_MAX_AGE_SECONDS, CURRENCY, LOG_LEVEL, SES_PORT, NOTIFY_FROM, NOTIFY_BUYER_EMAIL, SELLER_NAME,
 * SELLER_TAX_ID, and DEMO_DATA=false to start with an empty catalogue.
 * EXIT_ON_STDIN_CLOSE=true makes it stop when its stdin closes, so a parent process (a test run) that
 * dies never leaves it behind.
 */
import { banner } from '#local/banner.ts';
import { ConfigError, readConfig } from '#local/config.ts';
import { log } from '#local/log.ts';
import { StartupError } from '#local/preflight.ts';
import { type Runtime, startRuntime } from '#local/runtime.ts';

const fail = (message: string): never => {
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
};

let options: ReturnType<typeof readConfig>;
try {
  options = readConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}

const starting = new AbortController();
let runtime: Runtime | undefined;
let stopping = false;

async function shutdown(reason: string): Promise<void> {
  if (stopping) {
    log.warn('stopping already; a second signal would leave processes behind, so please wait');
    return;
  }
  stopping = true;
  log.info(`${reason}: stopping`);
  starting.abort();
  await runtime?.stop();
  // Without a runtime the start is still unwinding; it stops what it started and ends the process.
  if (runtime) process.exit(0);
}

process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
if (process.env.EXIT_ON_STDIN_CLOSE === 'true') {
  process.stdin.on('end', () => void shutdown('stdin closed')).resume();
}

const started = Date.now();
try {
  runtime = await startRuntime(options, starting.signal);
} catch (error) {
  if (stopping) process.exit(0);
  if (error instanceof StartupError) fail(error.message);
  process.stderr.write(`error: the local runtime failed to start: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
}
if (stopping) {
  // A signal that came after the last check of the start: nothing stopped what it started yet.
  await runtime.stop();
  process.exit(0);
}
process.stdout.write(
  banner(runtime.baseUrl, runtime.endpoints, options.dataDir, {
    viewerUrl: runtime.mailbox.viewerUrl,
    buyerEmail: options.notifyBuyerEmail,
  }),
);
log.info(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
