import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { AppError } from '#lib/errors.ts';
import { envelope } from '#lib/events/envelope.ts';
import { outboxPut } from '#lib/events/outbox/outbox.ts';
import { decodeCursor, encodeCursor, invalidCursor } from '#lib/pagination.ts';
import {
  type Order,
  orderCancelledData,
  orderConfirmedData,
  type Refund,
  type UnnumberedOrder,
} from '../domain/order.ts';
import type { OrderStore } from '../ports.ts';
import { customerIndex, dayIndex, invoiceCounterKey, orderKey, orderKeyGuard } from './keys.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const MAX_ATTEMPTS = 80;
/** As long as Powertools replays an answer. */
const KEY_GUARD_SECONDS = 86_400;
const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(40, 2 * 2 ** Math.min(attempt, 5))));

/** Which element of a cancelled transaction failed, and why (`ConditionalCheckFailed`, `TransactionConflict`). */
const reasonsOf = (error: TransactionCanceledException) => error.CancellationReasons ?? [];

function toOrder(item: Record<string, unknown>): Order {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g1s, gsi2pk: _g2, gsi2sk: _g2s, ...order } = item;
  return order as unknown as Order;
}

export class SalesStore implements OrderStore {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;
  /** The last invoice number this instance saw: a good first guess that saves a read per order. */
  #lastInvoice: number | undefined;

  constructor(db: DynamoDBDocumentClient, tableName: string) {
    this.#db = db;
    this.#table = tableName;
  }

  async #readLastInvoice(): Promise<number> {
    const { Item } = await this.#db.send(
      new GetCommand({ TableName: this.#table, Key: invoiceCounterKey, ConsistentRead: true }),
    );
    return (Item?.last as number | undefined) ?? 0;
  }

  /**
   * The invoice number is taken inside the transaction that records the order: the counter moves
   * from `last` to `last + 1` only if it still holds `last`, so numbers are gap-free and a failed
   * order never consumes one. Losing a race re-reads the counter (returned by the failed condition).
   */
  async recordConfirmed(
    order: UnnumberedOrder,
    correlationId: string,
    idempotencyKey?: string,
  ): Promise<Order> {
    const guard = idempotencyKey === undefined ? [] : [this.#keyGuard(idempotencyKey, order)];
    let last = this.#lastInvoice ?? (await this.#readLastInvoice());
    for (let attempt = 1; ; attempt++) {
      const numbered: Order = { ...order, invoiceNumber: last + 1 };
      const counter: TransactItem =
        last === 0
          ? {
              Put: {
                TableName: this.#table,
                Item: { ...invoiceCounterKey, last: 1 },
                ConditionExpression: 'attribute_not_exists(pk)',
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            }
          : {
              Update: {
                TableName: this.#table,
                Key: invoiceCounterKey,
                UpdateExpression: 'SET #last = :next',
                ConditionExpression: '#last = :last',
                ExpressionAttributeNames: { '#last': 'last' },
                ExpressionAttributeValues: { ':last': last, ':next': last + 1 },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            };
      try {
        await this.#db.send(
          new TransactWriteCommand({
            TransactItems: [
              counter,
              {
                Put: {
                  TableName: this.#table,
                  Item: {
                    ...orderKey(order.orderId),
                    gsi1pk: customerIndex(order.customerId),
                    gsi1sk: `${order.createdAt}#${order.orderId}`,
                    gsi2pk: dayIndex(order.createdAt),
                    gsi2sk: `${order.createdAt}#${order.orderId}`,
                    ...numbered,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              outboxPut(
                this.#table,
                envelope('OrderConfirmed', 'sales', orderConfirmedData(numbered), correlationId),
              ),
              ...guard,
            ],
          }),
        );
        this.#lastInvoice = last + 1;
        return numbered;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        if (attempt >= MAX_ATTEMPTS) {
          // The invoice counter is the one serial point of the order path; the caller undoes the attempt.
          throw new AppError(
            'dependency_unavailable',
            'Too many orders are being recorded at once; try again.',
            {
              headers: { 'retry-after': '1' },
              cause: error,
            },
          );
        }
        const [counterReason, orderReason, , guardReason] = reasonsOf(error);
        if (guardReason?.Code === 'ConditionalCheckFailed' && guardReason.Item) {
          const existing = await this.get(String(unmarshall(guardReason.Item as never).orderId));
          if (existing) return existing;
        }
        if (orderReason?.Code === 'ConditionalCheckFailed') {
          throw new Error(`order ${order.orderId} is already recorded`, { cause: error });
        }
        if (counterReason?.Code === 'ConditionalCheckFailed' && counterReason.Item) {
          last = Number(unmarshall(counterReason.Item as never).last ?? 0);
        } else if (counterReason?.Code === 'ConditionalCheckFailed') {
          last = await this.#readLastInvoice();
        }
        // TransactionConflict: another order holds the counter right now; try again shortly.
        await pause(attempt);
      }
    }
  }

  /**
   * One order per Idempotency-Key, whatever happens to Powertools' record (a crash between recording
   * the order and keeping the answer): a second attempt's transaction fails on this item.
   */
  #keyGuard(idempotencyKey: string, order: UnnumberedOrder): TransactItem {
    const now = Math.floor(Date.parse(order.createdAt) / 1000);
    return {
      Put: {
        TableName: this.#table,
        Item: { ...orderKeyGuard(idempotencyKey), orderId: order.orderId, ttl: now + KEY_GUARD_SECONDS },
        ConditionExpression: 'attribute_not_exists(pk) OR #ttl < :now',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':now': now },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
  }

  async get(orderId: string): Promise<Order | undefined> {
    const { Item } = await this.#db.send(
      new GetCommand({ TableName: this.#table, Key: orderKey(orderId), ConsistentRead: true }),
    );
    return Item ? toOrder(Item) : undefined;
  }

  async cancel(order: Order, refund: Refund, correlationId: string): Promise<Order | undefined> {
    const cancelledAt = refund.at;
    const cancelled: Order = { ...order, status: 'CANCELLED', cancelledAt, refund };
    try {
      await this.#db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.#table,
                Key: orderKey(order.orderId),
                UpdateExpression: 'SET #status = :cancelled, cancelledAt = :at, refund = :refund',
                ConditionExpression: '#status = :confirmed',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':cancelled': 'CANCELLED',
                  ':confirmed': 'CONFIRMED',
                  ':at': cancelledAt,
                  ':refund': refund,
                },
              },
            },
            outboxPut(
              this.#table,
              envelope('OrderCancelled', 'sales', orderCancelledData(order), correlationId),
            ),
          ],
        }),
      );
      return cancelled;
    } catch (error) {
      if (
        error instanceof TransactionCanceledException &&
        reasonsOf(error)[0]?.Code === 'ConditionalCheckFailed'
      ) {
        return undefined;
      }
      throw error;
    }
  }

  async listByCustomer(customerId: string, limit: number, cursor: string | undefined) {
    const start = decodeCursor(cursor);
    const wellFormed = (key: Record<string, unknown>) =>
      key.gsi1pk === customerIndex(customerId) &&
      ['gsi1sk', 'pk', 'sk'].every((k) => typeof key[k] === 'string');
    if (start && !wellFormed(start)) {
      throw invalidCursor();
    }
    const { Items = [], LastEvaluatedKey } = await this.#db.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': customerIndex(customerId) },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: start,
      }),
    );
    return { items: Items.map(toOrder), nextCursor: encodeCursor(LastEvaluatedKey) };
  }

  /** Orders created in [from, to), read day partition by day partition of gsi2. */
  async createdBetween(from: string, to: string): Promise<Order[]> {
    const days: string[] = [];
    for (let day = Date.parse(from.slice(0, 10)); day < Date.parse(to); day += 86_400_000) {
      days.push(new Date(day).toISOString());
    }
    const orders: Order[] = [];
    const PARALLEL = 16;
    for (let i = 0; i < days.length; i += PARALLEL) {
      const batch = await Promise.all(
        days.slice(i, i + PARALLEL).map((day) => this.#ordersOfDay(day, from, to)),
      );
      for (const dayOrders of batch) orders.push(...dayOrders);
    }
    return orders;
  }

  async #ordersOfDay(day: string, from: string, to: string): Promise<Order[]> {
    const orders: Order[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      // `createdAt#orderId` sorts after `to` when createdAt equals `to`, so BETWEEN is [from, to).
      const page = await this.#db.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :day AND gsi2sk BETWEEN :from AND :to',
          FilterExpression: '#status = :confirmed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':day': dayIndex(day),
            ':from': from,
            ':to': to,
            ':confirmed': 'CONFIRMED',
          },
          ExclusiveStartKey: start,
        }),
      );
      orders.push(...(page.Items ?? []).map(toOrder));
      start = page.LastEvaluatedKey;
    } while (start);
    return orders;
  }
}
