import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { dummyCredentials, region } from '#local/aws.ts';
import { log } from '#local/log.ts';
import { StartupError } from '#local/preflight.ts';
import { compiledLauncher, LAUNCHER_CLASS } from './dynamodb-launcher.ts';

export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

/** The official DynamoDB Local ships inside this npm package; we only borrow its files. */
const emulatorDir = (): string =>
  join(
    dirname(createRequire(import.meta.url).resolve('amplify-dynamodb-simulator/package.json')),
    'emulator',
  );

/**
 * Runs Java under a small shell watchdog that holds our stdin: when this process goes away for any
 * reason (even SIGKILL) the pipe closes and the watchdog takes Java down, so no orphan keeps the port.
 */
const watchdog = [
  // A background job's stdin would be /dev/null; keep ours on fd 3 for the watcher.
  'exec 3<&0',
  'java "$@" </dev/null &',
  'java_pid=$!',
  '(cat <&3 >/dev/null; kill "$java_pid" 2>/dev/null) &',
  'wait "$java_pid"',
].join('\n');

export async function startDynamoDbLocal(options: { port: number; dataDir: string }): Promise<DynamoDbLocal> {
  const dir = emulatorDir();
  const dbPath = join(options.dataDir, 'dynamodb');
  mkdirSync(dbPath, { recursive: true });
  const classpath = [join(dir, 'DynamoDBLocal.jar'), join(dir, 'DynamoDBLocal_lib', '*')];
  const launcher = await compiledLauncher(classpath);
  const javaArgs = [
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-cp',
    [launcher, ...classpath].join(delimiter),
    LAUNCHER_CLASS,
    '-sharedDb',
    '-dbPath',
    dbPath,
    '-port',
    String(options.port),
    '-disableTelemetry',
  ];
  const posix = process.platform !== 'win32';
  // detached: Ctrl-C in the terminal reaches us only, so we stop the handlers before the database.
  const child = posix
    ? spawn('sh', ['-c', watchdog, 'dynamodb-local', ...javaArgs], {
        cwd: dir,
        detached: true,
        stdio: 'pipe',
      })
    : spawn('java', javaArgs, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });

  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      log.debug(`dynamodb-local: ${line}`);
      output.push(line);
      if (output.length > 20) output.shift();
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let running = true;
  void exited.then(() => {
    running = false;
  });

  const endpoint = `http://127.0.0.1:${options.port}`;
  try {
    await waitUntilServing(endpoint, () => running);
  } catch (error) {
    await stopChild(child, exited, posix);
    const detail = output.slice(-5).join(' | ');
    throw new StartupError(
      `DynamoDB Local did not start (${(error as Error).message})${detail ? `: ${detail}` : ''}`,
    );
  }
  return { endpoint, stop: () => stopChild(child, exited, posix) };
}

async function waitUntilServing(endpoint: string, isRunning: () => boolean): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region, credentials: dummyCredentials, maxAttempts: 1 });
  const deadline = Date.now() + 60_000;
  try {
    while (Date.now() < deadline) {
      if (!isRunning()) throw new Error('the Java process exited');
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await sleep(100);
      }
    }
    throw new Error('no answer within 60 s');
  } finally {
    client.destroy();
  }
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>, posix: boolean): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  // Closing stdin is the watchdog's cue: it stops Java and exits once Java is gone.
  if (posix) child.stdin?.end();
  else child.kill('SIGTERM');
  const timeout = sleep(10_000, 'timeout' as const, { ref: false });
  if ((await Promise.race([exited, timeout])) === 'timeout' && child.pid !== undefined) {
    log.warn('DynamoDB Local did not stop in 10 s; killing it');
    try {
      if (posix) process.kill(-child.pid, 'SIGKILL');
      else child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
    await exited;
  }
}
