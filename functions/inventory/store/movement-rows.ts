import type { DynamoDBDocumentClient, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { batchWrite } from '#lib/dynamodb/batch.ts';
import type { Movement } from '../domain/stock.ts';
import type { ProductChange } from '../ports.ts';
import { withoutNulls } from './items.ts';
import { movementKey, pendingMovementKey } from './keys.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** DynamoDB's limit of items in one TransactWriteItems. */
export const TRANSACTION_LIMIT = 100;

/** A movement's row before the settle: the change as written, keyed by its id (no version yet). */
export const pendingItem = ({ productId, entry }: ProductChange) => ({
  ...pendingMovementKey(productId, entry.movementId),
  ...withoutNulls(entry),
});

/** A settled ledger row, keyed by the version the movement made. */
export const settledItem = (movement: Movement) => ({
  ...movementKey(movement.productId, movement.version),
  ...withoutNulls(movement),
});

export interface WithMovements {
  items: TransactItem[];
  /** Changes whose pending rows did not fit: written right after the transaction, before it is answered. */
  after: ProductChange[];
}

/**
 * A transaction's items with the pending rows of its stock changes appended (so the indexes of its
 * own items, which say why it failed, do not move), as many as DynamoDB's limit leaves room for: a
 * reservation of 50 lines has 52 items of its own. Each row is new (its id is), so it needs no
 * condition. The rest are written by `writeAfter` once the transaction went through: a movement is
 * listed once its change is answered, and the settle writes its row from the stream whatever happens.
 */
export function withMovements(
  tableName: string,
  items: TransactItem[],
  changes: readonly ProductChange[],
): WithMovements {
  const room = Math.max(0, TRANSACTION_LIMIT - items.length);
  const inside = changes
    .slice(0, room)
    .map((change) => ({ Put: { TableName: tableName, Item: pendingItem(change) } }));
  return { items: [...items, ...inside], after: changes.slice(room) };
}

export async function writeAfter(
  db: DynamoDBDocumentClient,
  tableName: string,
  after: readonly ProductChange[],
) {
  if (after.length > 0)
    await batchWrite(
      db,
      tableName,
      after.map((change) => ({ put: pendingItem(change) })),
    );
}
