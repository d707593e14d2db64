import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Cancellation, Order, UnnumberedOrder } from '../domain/order.ts';
import type { PlannedReturn, ReturnRecord, UnnumberedReturn } from '../domain/returns.ts';
import {
  customerIndex,
  dayIndex,
  orderKey,
  orderKeyGuard,
  returnIdGuard,
  returnKey,
  returnsDayIndex,
} from './keys.ts';

/** One element of a `TransactWriteItems` on the Sales table. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** As long as Powertools replays an answer. */
const KEY_GUARD_SECONDS = 86_400;

/** The order without the table's key and index attributes. */
export function toOrder(item: Record<string, unknown>): Order {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g1s, gsi2pk: _g2, gsi2sk: _g2s, ...order } = item;
  const stored = order as unknown as Order;
  // Orders numbered before there were several invoice series are of series 1 (its counter's key).
  stored.invoiceSeries ??= 1;
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

/**
 * The order's condition for a change after recording: still at the revision it was planned from, and
 * open (CONFIRMED or PARTIALLY_RETURNED). Every change moves the revision on, so two changes planned
 * from the same order can never both be written.
 */
function planned(seenRevision: number) {
  return {
    ConditionExpression: `attribute_exists(pk) AND #status IN (:confirmed, :partly) AND (${
      seenRevision === 0 ? 'attribute_not_exists(#revision) OR ' : ''
    }#revision = :seen)`,
    names: { '#status': 'status', '#revision': 'revision' },
    values: { ':confirmed': 'CONFIRMED', ':partly': 'PARTIALLY_RETURNED', ':seen': seenRevision },
  };
}

/** What was not returned is cancelled, with its refund (PENDING) and who cancelled. */
export function cancelUpdate(table: string, orderId: string, cancellation: Cancellation): TransactItem {
  const condition = planned(cancellation.seenRevision);
  return {
    Update: {
      TableName: table,
      Key: orderKey(orderId),
      UpdateExpression:
        'SET #status = :cancelled, cancelledAt = :at, cancelledBy = :actor, refund = :refund, #revision = :next',
      ConditionExpression: condition.ConditionExpression,
      ExpressionAttributeNames: condition.names,
      ExpressionAttributeValues: {
        ...condition.values,
        ':cancelled': 'CANCELLED',
        ':at': cancellation.refund.at,
        ':actor': cancellation.actor,
        ':refund': cancellation.refund,
        ':next': cancellation.seenRevision + 1,
      },
    },
  };
}

/** The order after a return: its lines' returned quantities, status, revision and returned amount. */
export function returnUpdate(table: string, plan: PlannedReturn): TransactItem {
  const condition = planned(plan.seenRevision);
  const { order } = plan;
  return {
    Update: {
      TableName: table,
      Key: orderKey(order.orderId),
      UpdateExpression:
        'SET #lines = :lines, #status = :status, #revision = :next, returnedAmount = :returned',
      ConditionExpression: condition.ConditionExpression,
      ExpressionAttributeNames: { ...condition.names, '#lines': 'lines' },
      ExpressionAttributeValues: {
        ...condition.values,
        ':lines': order.lines,
        ':status': order.status,
        ':next': order.revision,
        ':returned': order.returnedAmount,
      },
    },
  };
}

/** The return, in its order's item collection and on gsi2 by its day; written once (`ALL_OLD` if not). */
export function returnPut(table: string, record: ReturnRecord): TransactItem {
  return {
    Put: {
      TableName: table,
      Item: {
        ...returnKey(record.orderId, record.returnId),
        gsi2pk: returnsDayIndex(record.createdAt),
        gsi2sk: `${record.createdAt}#${record.orderId}#${record.returnId}`,
        ...record,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

/** One order per return id: the id's item names the order that took it (`ALL_OLD` if another did). */
export function returnIdGuardPut(table: string, record: UnnumberedReturn): TransactItem {
  return {
    Put: {
      TableName: table,
      Item: { ...returnIdGuard(record.returnId), orderId: record.orderId },
      ConditionExpression: 'attribute_not_exists(pk)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

/** The return without the table's key and index attributes. */
export function toReturn(item: Record<string, unknown>): ReturnRecord {
  const { pk: _pk, sk: _sk, gsi2pk: _g2, gsi2sk: _g2s, ...record } = item;
  return record as unknown as ReturnRecord;
}
