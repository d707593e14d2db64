import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePorts } from './ports.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Node 24 from node_modules (the machine's own node may be older); `npm test` puts it first anyway. */
const nodeBinary = (): string => {
  const pinned = join(repoRoot, 'node_modules', '.bin', 'node');
  return existsSync(pinned) ? pinned : process.execPath;
};

export interface SpawnedRuntime {
  child: ChildProcess;
  /** Resolves when the process has exited, with its exit code or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything it printed so far. */
  output(): string;
}

/**
 * Runs `node local/main.ts` with `env` on top of this process's environment. Output goes to
 * `<dataDir>/runtime.log`. With EXIT_ON_STDIN_CLOSE the runtime stops if this process dies first.
 */
export function spawnRuntime(env: Record<string, string>, logFile: string): SpawnedRuntime {
  const log = openSync(logFile, 'a');
  const child = spawn(nodeBinary(), ['local/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, EXIT_ON_STDIN_CLOSE: 'true', ...env },
    stdio: ['pipe', log, log],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, output: () => readFileSync(logFile, 'utf8') };
}

export interface TestRuntime {
  baseUrl: string;
  dynamodbEndpoint: string;
  messagingEndpoint: string;
  dataDir: string;
  pid: number;
  /** SIGTERM, then waits until the runtime (and so its Java process) has exited. */
  stop(): Promise<void>;
  /** Sends a signal and resolves when the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Deletes the data directory (after stop). */
  remove(): void;
  output(): string;
}

export const newDataDir = (): string => {
  const root = join(repoRoot, '.test-data');
  mkdirSync(root, { recursive: true });
  return mkdtempSync(join(root, 'runtime-'));
};

/**
 * Starts a private local runtime on free ports and waits for `/health` to answer 200. Use it when a
 * test needs its own settings (a short RESERVATION_TTL_SECONDS) or must stop or restart the runtime;
 * everything else shares the one the global setup started (API_URL).
 */
export async function startTestRuntime(options: { env?: Record<string, string>; dataDir?: string } = {}) {
  const dataDir = options.dataDir ?? newDataDir();
  const [port, dynamodbPort, messagingPort, sesPort] = await freePorts(4);
  const env: Record<string, string> = {
    PORT: String(port),
    DYNAMODB_PORT: String(dynamodbPort),
    MESSAGING_PORT: String(messagingPort),
    // Free ports throughout, so test runtimes never clash with each other or an `npm start`.
    SES_PORT: String(sesPort),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'WARN',
    ...options.env,
  };
  const spawned = spawnRuntime(env, join(dataDir, 'runtime.log'));
  const baseUrl = `http://127.0.0.1:${env.PORT}`;
  const kill = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (spawned.child.exitCode === null && spawned.child.signalCode === null) spawned.child.kill(signal);
    return spawned.exited;
  };
  const runtime: TestRuntime = {
    baseUrl,
    // An emulator it was pointed at (DYNAMODB_ENDPOINT, MESSAGING_ENDPOINT) is where its data is.
    dynamodbEndpoint: env.DYNAMODB_ENDPOINT || `http://127.0.0.1:${env.DYNAMODB_PORT}`,
    messagingEndpoint: env.MESSAGING_ENDPOINT || `http://127.0.0.1:${env.MESSAGING_PORT}`,
    dataDir,
    pid: spawned.child.pid!,
    kill,
    stop: async () => {
      const done = kill('SIGTERM');
      const late = await Promise.race([done.then(() => false), sleep(20_000, true, { ref: false })]);
      if (late) await kill('SIGKILL');
    },
    remove: () => rmSync(dataDir, { recursive: true, force: true }),
    output: spawned.output,
  };
  try {
    await waitForHealth(baseUrl, spawned);
  } catch (error) {
    await runtime.stop();
    throw error;
  }
  return runtime;
}

async function waitForHealth(baseUrl: string, spawned: SpawnedRuntime): Promise<void> {
  const deadline = Date.now() + 90_000;
  let exited = false;
  void spawned.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited)
      throw new Error(`the local runtime exited before it was healthy:\n${spawned.output().slice(-2000)}`);
    try {
      const response = await fetch(`${baseUrl}/health`);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`the local runtime was not healthy within 90 s:\n${spawned.output().slice(-2000)}`);
}
