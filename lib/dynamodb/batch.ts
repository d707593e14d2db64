import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  BatchWriteCommand,
  type BatchWriteCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { AppError } from '../errors.ts';
import { backoffDelay, retryBudget, sleep } from './backoff.ts';

type Item = Record<string, unknown>;

/** DynamoDB's own limits per request. */
export const BATCH_GET_LIMIT = 100;
export const BATCH_WRITE_LIMIT = 25;

/** Rounds per chunk, the first included: unprocessed work left after these is throttling that lasts. */
export const BATCH_ATTEMPTS = 8;
const BATCH_BUDGET_MS = 5000;
const BACKOFF = { baseMs: 25, capMs: 1000 };

export type WriteRequest = { put: Item } | { delete: Item };

export interface BatchGetOptions {
  projection?: string;
  names?: Record<string, string>;
  consistent?: boolean;
}

const chunks = <T>(all: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(all.length / size) }, (_, i) => all.slice(i * size, (i + 1) * size));

const tooBusy = (what: string) =>
  new AppError('dependency_unavailable', 'The database is too busy right now; try again shortly.', {
    headers: { 'retry-after': '1' },
    cause: new Error(`${what}: work left unprocessed after ${BATCH_ATTEMPTS} attempts or the deadline`),
  });

/**
 * Sends `pending` until DynamoDB has taken all of it. A throttled batch call does not fail: it hands
 * back what it could not do, which goes again after a full-jitter wait, within a few attempts and the
 * request deadline.
 */
async function untilDone<T>(
  what: string,
  pending: T[],
  round: (pending: T[]) => Promise<T[] | undefined>,
): Promise<void> {
  const deadline = Date.now() + retryBudget(BATCH_BUDGET_MS);
  let left: T[] | undefined = pending;
  for (let attempt = 0; left && left.length > 0; attempt++) {
    if (attempt > 0) {
      const wait = backoffDelay(attempt, BACKOFF);
      if (attempt >= BATCH_ATTEMPTS || Date.now() + wait >= deadline) throw tooBusy(what);
      await sleep(wait);
    }
    left = await round(left);
  }
}

/** The items of `keys` that exist, in no particular order; chunks of 100, unprocessed keys retried. */
export async function batchGet(
  db: DynamoDBDocumentClient,
  tableName: string,
  keys: Item[],
  options: BatchGetOptions = {},
): Promise<Item[]> {
  const found: Item[] = [];
  for (const chunk of chunks(keys, BATCH_GET_LIMIT)) {
    await untilDone('BatchGetItem', chunk, async (pending) => {
      const answer: BatchGetCommandOutput = await db.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: pending,
              ProjectionExpression: options.projection,
              ExpressionAttributeNames: options.names,
              ConsistentRead: options.consistent,
            },
          },
        }),
      );
      found.push(...(answer.Responses?.[tableName] ?? []));
      return answer.UnprocessedKeys?.[tableName]?.Keys;
    });
  }
  return found;
}

const toRequest = (request: WriteRequest) =>
  'put' in request ? { PutRequest: { Item: request.put } } : { DeleteRequest: { Key: request.delete } };

/** Puts and deletes (by key) in chunks of 25, unprocessed items retried. Not atomic across items. */
export async function batchWrite(
  db: DynamoDBDocumentClient,
  tableName: string,
  requests: WriteRequest[],
): Promise<void> {
  for (const chunk of chunks(requests.map(toRequest), BATCH_WRITE_LIMIT)) {
    await untilDone('BatchWriteItem', chunk, async (pending) => {
      const answer: BatchWriteCommandOutput = await db.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
      );
      return answer.UnprocessedItems?.[tableName] as typeof pending | undefined;
    });
  }
}
