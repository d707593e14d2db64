import { NO_TOKEN, RECENT_SLOTS, tokenOf } from '../domain/ledger.ts';
import type { ProductChange } from '../ports.ts';
import { withoutNulls } from './items.ts';
import { productKey, recentSlot, WRITTEN_BY } from './keys.ts';

/** Every slot takes the one before it, as it stood before this write (DynamoDB reads operands first). */
const SHIFT = Array.from(
  { length: RECENT_SLOTS - 1 },
  (_, i) => `${recentSlot(i + 1)} = if_not_exists(${recentSlot(i)}, :none)`,
).join(', ');

/**
 * A relative update: ADD is applied to the value the item holds when the write lands, so concurrent
 * changes never wait for each other; the condition alone keeps stock from going below zero. The item
 * keeps the change (`lastChange`) and shifts its token into the movement slots, in the order the
 * writes were applied: a constant size however many changes come and however far the settle is
 * behind. Every write that moves stock (a change, a reservation, a release, a receipt, a restock) uses
 * this one update; its movement row goes with it (movement-rows.ts).
 */
export function stockUpdate(tableName: string, { productId, entry }: ProductChange, ifVersion?: number) {
  const conditions = ['attribute_exists(pk)'];
  const values: Record<string, unknown> = {
    ':delta': entry.delta,
    ':one': 1,
    ':entry': withoutNulls(entry),
    ':token': tokenOf(entry.movementId),
    ':none': NO_TOKEN,
    ':at': entry.at,
    ':writer': WRITTEN_BY.stock,
  };
  if (entry.delta < 0) {
    conditions.push('quantity >= :need');
    values[':need'] = -entry.delta;
  }
  if (ifVersion !== undefined) {
    conditions.push('#version = :expected');
    values[':expected'] = ifVersion;
  }
  return {
    TableName: tableName,
    Key: productKey(productId),
    UpdateExpression: `ADD quantity :delta, #version :one SET lastChange = :entry, updatedAt = :at, writtenBy = :writer, ${recentSlot(0)} = :token, ${SHIFT}`,
    ConditionExpression: conditions.join(' AND '),
    ExpressionAttributeNames: { '#version': 'version' },
    ExpressionAttributeValues: values,
  };
}

/** The slots of a product born with `movementId` as its first movement: the same size as ever after. */
export const initialSlots = (movementId: string): Record<string, string> =>
  Object.fromEntries(
    Array.from({ length: RECENT_SLOTS }, (_, i) => [recentSlot(i), i === 0 ? tokenOf(movementId) : NO_TOKEN]),
  );
