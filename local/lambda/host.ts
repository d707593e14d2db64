import { basename } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Owner } from '#lib/catalogue/index.ts';
import { log } from '#local/log.ts';
import type { Admission } from './admission.ts';
import type { InvocationError, InvokeMessage, ResultMessage } from './protocol.ts';

/** The name a function has in the CDK app: its owner and its handler file, e.g. `sales-place-order`. */
export const functionNameOf = (owner: string, handler: string): string =>
  `${owner}-${basename(handler, '.ts')}`;

export interface Invocation {
  /** Module path from the repository root, from the catalogue. */
  handler: string;
  functionName: string;
  timeoutMs: number;
  event: unknown;
  /**
   * Bound by the function's concurrency (`admission.ts`): a request through the gateway. Queue and
   * stream batches and schedules are not, as their pollers already run them a few at a time.
   */
  admitted?: boolean;
}

export type Outcome = { ok: true; result: unknown } | { ok: false; error: InvocationError };

export interface LambdaHost {
  invoke(owner: Owner, invocation: Invocation): Promise<Outcome>;
  stop(): Promise<void>;
}

interface Pending {
  owner: Owner;
  resolve: (outcome: Outcome) => void;
  timer: NodeJS.Timeout;
}

const workerUrl = new URL('./worker.ts', import.meta.url);

/**
 * Runs each service in its own worker thread with that service's environment, like one Lambda
 * execution environment per service. A worker that dies (an unhandled rejection, process.exit) fails
 * its in-flight invocations and is replaced on the next one, as Lambda replaces a crashed environment.
 */
export function createLambdaHost(
  owners: readonly Owner[],
  envFor: (owner: Owner) => Record<string, string>,
  admission?: Admission,
): LambdaHost {
  const workers = new Map<Owner, Worker>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let stopping = false;

  const settle = (id: number, outcome: Outcome): void => {
    const entry = pending.get(id);
    if (!entry) return; // Timed out already; a late answer is dropped, as Lambda drops it.
    pending.delete(id);
    clearTimeout(entry.timer);
    entry.resolve(outcome);
  };

  const spawn = (owner: Owner): Worker => {
    const worker = new Worker(workerUrl, { env: envFor(owner), name: `lambda-${owner}` });
    worker.on('message', (message: ResultMessage) => {
      settle(message.id, message.ok ? { ok: true, result: JSON.parse(message.payload) } : message);
    });
    worker.on('error', (error) => log.error(`the ${owner} worker crashed`, error));
    worker.on('exit', (code) => {
      if (workers.get(owner) === worker) workers.delete(owner);
      for (const [id, entry] of pending) {
        if (entry.owner !== owner) continue;
        settle(id, {
          ok: false,
          error: {
            errorType: 'Runtime.ExitError',
            errorMessage: `the ${owner} worker exited with code ${code}`,
          },
        });
      }
    });
    workers.set(owner, worker);
    return worker;
  };

  for (const owner of owners) spawn(owner);

  /**
   * Turned away after waiting for a turn as long as leaves the function 8 s of its timeout (at least
   * half of it), enough for the order path's steps: Lambda's throttle, which the gateway makes a 503.
   */
  const throttled = (invocation: Invocation): Outcome => ({
    ok: false,
    error: {
      errorType: 'TooManyRequestsException',
      errorMessage: `${invocation.functionName} is running all the invocations it may at once`,
    },
  });

  async function invoke(owner: Owner, invocation: Invocation): Promise<Outcome> {
    if (!admission || !invocation.admitted) return run(owner, invocation);
    const arrived = Date.now();
    const maxWaitMs = Math.max(invocation.timeoutMs / 2, invocation.timeoutMs - 8_000);
    const release = await admission.enter(invocation.functionName, maxWaitMs);
    if (!release) return throttled(invocation);
    try {
      // The wait counts against the timeout, so a request's whole time stays within its function's.
      return await run(owner, { ...invocation, timeoutMs: invocation.timeoutMs - (Date.now() - arrived) });
    } finally {
      release();
    }
  }

  return {
    invoke,
    async stop() {
      stopping = true;
      await Promise.all([...workers.values()].map((worker) => worker.terminate()));
    },
  };

  function run(owner: Owner, invocation: Invocation): Promise<Outcome> {
    if (stopping) {
      return Promise.resolve({
        ok: false,
        error: { errorType: 'Runtime.Stopping', errorMessage: 'the local runtime is stopping' },
      });
    }
    const worker = workers.get(owner) ?? spawn(owner);
    const id = nextId++;
    const deadline = Date.now() + invocation.timeoutMs;
    return new Promise<Outcome>((resolve) => {
      const timer = setTimeout(() => {
        settle(id, {
          ok: false,
          error: {
            errorType: 'Sandbox.Timedout',
            errorMessage: `Task timed out after ${(invocation.timeoutMs / 1000).toFixed(2)} seconds`,
          },
        });
      }, invocation.timeoutMs);
      pending.set(id, { owner, resolve, timer });
      const message: InvokeMessage = {
        kind: 'invoke',
        id,
        handler: invocation.handler,
        functionName: invocation.functionName,
        deadline,
        event: JSON.stringify(invocation.event),
      };
      worker.postMessage(message);
    });
  }
}
