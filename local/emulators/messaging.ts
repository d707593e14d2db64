import { mkdirSync } from 'node:fs';
import { Server } from 'node:net';
import { join } from 'node:path';
import { type FauxqsServer, startFauxqs } from 'fauxqs';

export interface Messaging {
  endpoint: string;
  /** Stops the emulator, keeping its data: a local fault. Until `resume`, SNS and SQS calls fail. */
  pause(): Promise<void>;
  /** Starts it again on the same port with the data it had; nothing happens if it is running. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

type ListenArgs = Parameters<Server['listen']>;

/**
 * fauxqs always listens on 0.0.0.0, which would put an unauthenticated SNS/SQS on the network. It
 * exposes no host option, so for the duration of its start we rewrite that one bind to the loopback.
 */
async function onLoopback<T>(start: () => Promise<T>): Promise<T> {
  const original = Server.prototype.listen;
  Server.prototype.listen = function (this: Server, ...args: unknown[]) {
    const [first] = args;
    if (first && typeof first === 'object' && (first as { host?: string }).host === '0.0.0.0') {
      args[0] = { ...first, host: '127.0.0.1' };
    }
    return original.apply(this, args as ListenArgs);
  } as Server['listen'];
  try {
    return await start();
  } finally {
    Server.prototype.listen = original;
  }
}

/**
 * SNS and SQS in this process. State lives in SQLite under DATA_DIR, so messages that were waiting in
 * a queue when the runtime stopped are still delivered after the next start, or after a pause.
 */
export async function startMessaging(options: { port: number; dataDir: string }): Promise<Messaging> {
  const dataDir = join(options.dataDir, 'messaging');
  mkdirSync(dataDir, { recursive: true });
  const launch = (port: number): Promise<FauxqsServer> =>
    onLoopback(() => startFauxqs({ port, logger: false, dataDir, defaultRegion: 'us-east-1' }));
  let server: FauxqsServer | undefined = await launch(options.port);
  const port = server.port;
  let stopped = false;
  // One change at a time, so a pause and a resume sent together cannot both start or stop a server.
  let queue: Promise<void> = Promise.resolve();
  const serially = (change: () => Promise<void>): Promise<void> => {
    const next = queue.then(change);
    queue = next.catch(() => undefined);
    return next;
  };
  const pause = () =>
    serially(async () => {
      const running = server;
      server = undefined;
      await running?.stop();
    });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    pause,
    resume: () =>
      serially(async () => {
        if (!server && !stopped) server = await launch(port);
      }),
    stop: () => {
      stopped = true;
      return pause();
    },
  };
}
