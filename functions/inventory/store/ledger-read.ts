import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { LedgerRead } from '../domain/ledger.ts';
import type { Movement, MovementEntry } from '../domain/stock.ts';
import { toMovement, toMovementEntry } from './items.ts';
import { LEDGER_SK_RANGE, movementKey, PENDING_SK_PREFIX, productKey } from './keys.ts';

/** Items per query after the first: the rest of a page of pending rows behind a settle that lags. */
const NEXT_PAGES = 500;

export interface ReadWindow {
  /** Items the first query asks for: what usually holds every pending row and the rows wanted. */
  firstLimit: number;
  /**
   * The version the read must reach down to (at or below), given how many pending rows it found:
   * every version at or above it is then either a row read or not settled.
   */
  floor: (pending: number) => number;
}

/**
 * The pending rows and the settled rows from the top of a product's ledger down to `floor`, in one
 * strongly consistent query most of the time. Newest first by key, so the pending rows come first;
 * a movement the settle moves meanwhile (put, then delete) is read at least once, as a row if not
 * as pending.
 */
export async function readLedger(
  db: DynamoDBDocumentClient,
  tableName: string,
  productId: string,
  window: ReadWindow,
): Promise<LedgerRead> {
  const pending: MovementEntry[] = [];
  const settled: Movement[] = [];
  let lowest = Number.POSITIVE_INFINITY;
  let start: Record<string, unknown> | undefined;
  for (let page = 0; ; page++) {
    const { Items = [], LastEvaluatedKey } = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
        ExpressionAttributeValues: {
          ':pk': productKey(productId).pk,
          ':first': LEDGER_SK_RANGE.first,
          ':last': LEDGER_SK_RANGE.last,
        },
        ScanIndexForward: false,
        ConsistentRead: true,
        Limit: page === 0 ? window.firstLimit : NEXT_PAGES,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of Items) {
      if (String(item.sk).startsWith(PENDING_SK_PREFIX)) {
        pending.push(toMovementEntry(item));
      } else {
        const movement = { ...toMovement(item), productId };
        settled.push(movement);
        lowest = Math.min(lowest, movement.version);
      }
    }
    if (!LastEvaluatedKey) return { settled, pending, from: 1 };
    if (lowest <= window.floor(pending.length)) return { settled, pending, from: lowest };
    start = LastEvaluatedKey;
  }
}

/**
 * The settled rows just below `before`, if they alone make the page: `limit` of them (or down to
 * version 1) with no version between them missing. A page deep in the ledger needs no pending row.
 */
export async function settledPageBelow(
  db: DynamoDBDocumentClient,
  tableName: string,
  productId: string,
  before: number,
  limit: number,
): Promise<Movement[] | undefined> {
  if (before <= 1) return [];
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
      ExpressionAttributeValues: {
        ':pk': productKey(productId).pk,
        ':first': movementKey(productId, 1).sk,
        ':last': movementKey(productId, before - 1).sk,
      },
      ScanIndexForward: false,
      ConsistentRead: true,
      Limit: limit,
    }),
  );
  const rows = Items.map((item) => ({ ...toMovement(item), productId }));
  const unbroken = rows.every((row, i) => row.version === before - 1 - i);
  const whole = rows.length === limit || rows.at(-1)?.version === 1;
  return unbroken && whole ? rows : undefined;
}
