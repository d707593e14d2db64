import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Order, Refund, UnnumberedOrder } from '../domain/order.ts';
import { customerIndex, dayIndex, orderKey, orderKeyGuard } from './keys.ts';

/** One element of a `TransactWriteItems` on the Sales table. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** As long as Powertools replays an answer. */
const KEY_GUARD_SECONDS = 86_400;

/** The order without the table's key and index attributes. */
export function toOrder(item: Record<string, unknown>): Order {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g1s, gsi2pk: _g2, gsi2sk: _g2s, ...order } = item;
  const stored = order as unknown as Order;
  // Refunds recorded before refunds had a status were all taken by the provider at once.
  if (stored.refund && stored.refund.status === undefined)
    stored.refund = { ...stored.refund, status: 'REFUNDED' };
  return stored;
}

/** The order item, indexed by customer (gsi1) and by day of creation (gsi2); written once. */
export function orderPut(table: string, order: Order): TransactItem {
  return {
    Put: {
      TableName: table,
      Item: {
        ...orderKey(order.orderId),
        gsi1pk: customerIndex(order.customerId),
        gsi1sk: `${order.createdAt}#${order.orderId}`,
        gsi2pk: dayIndex(order.createdAt),
        gsi2sk: `${order.createdAt}#${order.orderId}`,
        ...order,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * One order per Idempotency-Key, whatever happens to Powertools' record (a crash between recording
 * the order and keeping the answer): a second attempt's transaction fails on this item, which it
 * gets back (`ALL_OLD`) to find the order recorded first.
 */
export function keyGuardPut(table: string, idempotencyKey: string, order: UnnumberedOrder): TransactItem {
  const now = Math.floor(Date.parse(order.createdAt) / 1000);
  return {
    Put: {
      TableName: table,
      Item: { ...orderKeyGuard(idempotencyKey), orderId: order.orderId, ttl: now + KEY_GUARD_SECONDS },
      ConditionExpression: 'attribute_not_exists(pk) OR #ttl < :now',
      ExpressionAttributeNames: { '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':now': now },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

/** CONFIRMED → CANCELLED at the refund's time, with the refund (PENDING); fails its condition on an order that is not CONFIRMED. */
export function cancelUpdate(table: string, orderId: string, refund: Refund): TransactItem {
  return {
    Update: {
      TableName: table,
      Key: orderKey(orderId),
      UpdateExpression: 'SET #status = :cancelled, cancelledAt = :at, refund = :refund',
      ConditionExpression: '#status = :confirmed',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':cancelled': 'CANCELLED',
        ':confirmed': 'CONFIRMED',
        ':at': refund.at,
        ':refund': refund,
      },
    },
  };
}
