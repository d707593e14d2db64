/**
 * One service's execution environment. Handler modules load on their first invocation (a cold start),
 * then stay loaded, and their module-scope clients and caches live as long as the worker, as in Lambda.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort } from 'node:worker_threads';
import type { Context } from 'aws-lambda';
import { meteredInvocation } from '#lib/dynamodb/meter.ts';
import { lambdaContext } from './context.ts';
import type { InvocationError, InvokeMessage, ResultMessage } from './protocol.ts';

type Handler = (event: unknown, context: Context) => unknown;

const root = process.env.LAMBDA_TASK_ROOT ?? process.cwd();
const handlers = new Map<string, Promise<Handler>>();
/** With the DynamoDB meter on (the benchmark), each invocation's requests carry its function's name. */
const metered = Boolean(process.env.DYNAMODB_METER_FILE);

async function load(path: string): Promise<Handler> {
  const module = await import(pathToFileURL(join(root, path)).href);
  if (typeof module.handler !== 'function') {
    const error = new Error(`${path} does not export a function named handler`);
    error.name = 'Runtime.HandlerNotFound';
    throw error;
  }
  return module.handler as Handler;
}

const handlerFor = (path: string): Promise<Handler> => {
  let handler = handlers.get(path);
  if (!handler) {
    handler = load(path);
    // A module that failed to load is tried again on the next invocation, as Lambda re-runs init.
    handler.catch(() => handlers.delete(path));
    handlers.set(path, handler);
  }
  return handler;
};

const describe = (error: unknown): InvocationError =>
  error instanceof Error
    ? { errorType: error.name, errorMessage: error.message, stack: error.stack }
    : { errorType: 'Error', errorMessage: String(error) };

async function invoke(message: InvokeMessage): Promise<ResultMessage> {
  try {
    const handler = await handlerFor(message.handler);
    const run = () =>
      handler(JSON.parse(message.event), lambdaContext(message.functionName, message.deadline));
    const result = await (metered ? meteredInvocation.run(message.functionName, run) : run());
    // Lambda serialises the result with JSON.stringify; undefined becomes null.
    return { kind: 'result', id: message.id, ok: true, payload: JSON.stringify(result) ?? 'null' };
  } catch (error) {
    return { kind: 'result', id: message.id, ok: false, error: describe(error) };
  }
}

parentPort?.on('message', (message: InvokeMessage) => {
  void invoke(message).then((result) => parentPort?.postMessage(result));
});
