import type { ProductChange } from '../ports.ts';
import { withoutNulls } from './items.ts';
import { productKey, WRITTEN_BY } from './keys.ts';

/**
 * A relative update: ADD is applied to the value the item holds when the write lands, so concurrent
 * changes never wait for each other; the condition alone keeps stock from going below zero. The
 * entry joins the journal in the same write, in the order the writes were applied. Every write that
 * moves stock (a change, a reservation, a release, a receipt) uses this one update.
 */
export function stockUpdate(tableName: string, { productId, entry }: ProductChange, ifVersion?: number) {
  const conditions = ['attribute_exists(pk)'];
  const values: Record<string, unknown> = {
    ':delta': entry.delta,
    ':one': 1,
    ':entry': [withoutNulls(entry)],
    ':empty': [],
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
    UpdateExpression:
      'ADD quantity :delta, #version :one SET journal = list_append(if_not_exists(journal, :empty), :entry), updatedAt = :at, writtenBy = :writer',
    ConditionExpression: conditions.join(' AND '),
    ExpressionAttributeNames: { '#version': 'version' },
    ExpressionAttributeValues: values,
  };
}
