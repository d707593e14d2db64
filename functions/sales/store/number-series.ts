import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { counterKey, type NumberKind } from './keys.ts';
import type { TransactItem } from './order-items.ts';

/**
 * The DynamoDB side of a gap-free number series (invoices, credit notes): its counter item, which
 * holds the last number taken (`last`; an absent item has taken none). The write loop is in
 * `numbered-write.ts`, the choice of series in `series-pool.ts`.
 */

export const lastOf = (item: Record<string, unknown> | undefined): number => Number(item?.last ?? 0);

export async function readCounter(
  db: DynamoDBDocumentClient,
  table: string,
  kind: NumberKind,
  series: number,
): Promise<number> {
  const { Item } = await db.send(
    new GetCommand({ TableName: table, Key: counterKey(kind, series), ConsistentRead: true }),
  );
  return lastOf(Item);
}

/**
 * Moves the counter from `last` to `last + 1`, only if it still holds `last`. A failed condition hands
 * the counter back (`ALL_OLD`), so the loser learns the number without a read.
 */
export function counterStep(table: string, kind: NumberKind, series: number, last: number): TransactItem {
  const key = counterKey(kind, series);
  if (last === 0) {
    return {
      Put: {
        TableName: table,
        Item: { ...key, last: 1 },
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
  }
  return {
    Update: {
      TableName: table,
      Key: key,
      UpdateExpression: 'SET #last = :next',
      ConditionExpression: '#last = :last',
      ExpressionAttributeNames: { '#last': 'last' },
      ExpressionAttributeValues: { ':last': last, ':next': last + 1 },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}
