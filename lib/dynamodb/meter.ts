import { AsyncLocalStorage } from 'node:async_hooks';
import { appendFileSync } from 'node:fs';
import type { DynamoDBClient, ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-dynamodb';
import type { HandlerExecutionContext, InitializeMiddleware } from '@smithy/types';

/**
 * A meter of what each DynamoDB request costs, for the benchmark (issue 16): with DYNAMODB_METER_FILE
 * set, every request of the client asks for its consumed capacity and appends one JSON line to that
 * file. Unset (every deployment, `npm start`), nothing is attached and nothing costs anything.
 */
export interface MeterLine {
  /** Epoch ms when the request was sent. */
  t: number;
  /** How long it took, retries included. */
  ms: number;
  /** The invoking function's name (`meteredInvocation`), or `?` outside one. */
  fn: string;
  /** The DynamoDB operation: `TransactWriteItems`, `GetItem`, … (document commands too). */
  op: string;
  tables: string[];
  /** Items a transaction or batch names; items returned by a query or scan; 1 otherwise. */
  items: number;
  ok: boolean;
  /** The error's name when not ok, e.g. `TransactionCanceledException`. */
  error?: string;
  /** SDK attempts; a throttled or failed attempt is retried by the SDK under the same request. */
  attempts: number;
  /** Consumed units as DynamoDB answered them; 0 on an error, whose answer carries none. */
  wcu: number;
  rcu: number;
}

/**
 * The name of the function an invocation runs, for the meter's `fn`. The local Lambda worker runs
 * each invocation inside it; module-scope work shared by invocations is counted to the one that began it.
 */
export const meteredInvocation = new AsyncLocalStorage<string>();

/** The operations that take `ReturnConsumedCapacity`; others (DescribeTable, …) are counted without units. */
const CAPACITY_OPS = new Set([
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
  'ExecuteStatement',
  'BatchExecuteStatement',
  'ExecuteTransaction',
]);
const WRITE_OPS = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

type Input = Record<string, unknown> & {
  TableName?: string;
  TransactItems?: Record<string, { TableName?: string } | undefined>[];
  RequestItems?: Record<string, unknown[] | { Keys?: unknown[] }>;
  ReturnConsumedCapacity?: string;
};

interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

/** The tables a request names and how many items: a transaction's elements, a batch's requests. */
export function requestShape(input: Input): { tables: string[]; items: number } {
  const tables = new Set<string>();
  let items = 1;
  if (input.TableName) tables.add(input.TableName);
  if (Array.isArray(input.TransactItems)) {
    items = input.TransactItems.length;
    for (const element of input.TransactItems) {
      for (const part of Object.values(element ?? {})) if (part?.TableName) tables.add(part.TableName);
    }
  }
  if (input.RequestItems) {
    items = 0;
    for (const [table, requests] of Object.entries(input.RequestItems)) {
      tables.add(table);
      items += Array.isArray(requests) ? requests.length : (requests.Keys?.length ?? 0);
    }
  }
  return { tables: [...tables], items };
}

/**
 * Units from a `ConsumedCapacity` (one object, or one per table for batches and transactions).
 * DynamoDB Local answers `CapacityUnits` only; they are write units for a write, read units otherwise.
 */
export function units(op: string, consumed: Capacity | Capacity[] | undefined): { wcu: number; rcu: number } {
  let wcu = 0;
  let rcu = 0;
  for (const c of [consumed ?? []].flat()) {
    if (c.WriteCapacityUnits !== undefined || c.ReadCapacityUnits !== undefined) {
      wcu += c.WriteCapacityUnits ?? 0;
      rcu += c.ReadCapacityUnits ?? 0;
    } else if (WRITE_OPS.has(op)) wcu += c.CapacityUnits ?? 0;
    else rcu += c.CapacityUnits ?? 0;
  }
  return { wcu, rcu };
}

/** The operation a request is, by its command's name (`QueryCommand` → `Query`). */
export const opOf = (context: HandlerExecutionContext): string =>
  (context as { commandName?: string }).commandName?.replace(/Command$/, '') ?? '?';

/**
 * The middleware, at the start of the stack (initialize): once per request, outside the SDK's retries,
 * and for document commands too (theirs share the client's stack; the table names and the top-level
 * `ReturnConsumedCapacity` are the same before and after marshalling). A caller that did not ask for
 * the capacity does not see it in its answer.
 */
export function meterMiddleware(file: string): InitializeMiddleware<ServiceInputTypes, ServiceOutputTypes> {
  return (next, context) => async (args) => {
    const op = opOf(context);
    const input = args.input as Input;
    const asked = input.ReturnConsumedCapacity !== undefined && input.ReturnConsumedCapacity !== 'NONE';
    const inject = !asked && CAPACITY_OPS.has(op);
    const { tables, items } = requestShape(input);
    const t = Date.now();
    const write = (line: Omit<MeterLine, 't' | 'ms' | 'fn' | 'op' | 'tables'>) => {
      const full: MeterLine = {
        t,
        ms: Date.now() - t,
        fn: meteredInvocation.getStore() ?? '?',
        op,
        tables,
        ...line,
      };
      try {
        // One write(2) per line on an O_APPEND file: workers appending at once never interleave.
        appendFileSync(file, `${JSON.stringify(full)}\n`);
      } catch {
        // A meter that cannot write must never fail the request it measures.
      }
    };
    try {
      const result = await next(
        inject
          ? { ...args, input: { ...input, ReturnConsumedCapacity: 'TOTAL' } as ServiceInputTypes }
          : args,
      );
      const output = result.output as {
        ConsumedCapacity?: Capacity | Capacity[];
        Count?: number;
        $metadata?: { attempts?: number };
      };
      write({
        items: op === 'Query' || op === 'Scan' ? (output.Count ?? 0) : items,
        ok: true,
        attempts: output.$metadata?.attempts ?? 1,
        ...units(op, output.ConsumedCapacity),
      });
      if (inject) {
        const { ConsumedCapacity: _dropped, ...rest } = output;
        return { ...result, output: rest as ServiceOutputTypes };
      }
      return result;
    } catch (error) {
      write({
        items,
        ok: false,
        error: (error as Error).name,
        attempts: (error as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1,
        wcu: 0,
        rcu: 0,
      });
      throw error;
    }
  };
}

/** Attaches the meter to a client (and so to every document client made from it). */
export function attachMeter(client: DynamoDBClient, file: string): void {
  client.middlewareStack.add(meterMiddleware(file), {
    step: 'initialize',
    priority: 'high',
    name: 'dynamodbMeter',
    override: true,
  });
}

/** The meter when DYNAMODB_METER_FILE names a file, else nothing at all. */
export function meterFromEnvironment(client: DynamoDBClient): DynamoDBClient {
  const file = process.env.DYNAMODB_METER_FILE;
  if (file) attachMeter(client, file);
  return client;
}
