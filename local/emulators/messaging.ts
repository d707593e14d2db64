import { mkdirSync } from 'node:fs';
import { Server } from 'node:net';
import { join } from 'node:path';
import { type FauxqsServer, startFauxqs } from 'fauxqs';

export interface Messaging {
  endpoint: string;
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
 * a queue when the runtime stopped are still delivered after the next start.
 */
export async function startMessaging(options: { port: number; dataDir: string }): Promise<Messaging> {
  const dataDir = join(options.dataDir, 'messaging');
  mkdirSync(dataDir, { recursive: true });
  const server: FauxqsServer = await onLoopback(() =>
    startFauxqs({ port: options.port, logger: false, dataDir, defaultRegion: 'us-east-1' }),
  );
  return { endpoint: `http://127.0.0.1:${server.port}`, stop: () => server.stop() };
}
