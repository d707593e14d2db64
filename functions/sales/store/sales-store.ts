import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { failedAt, transactWrite } from '#lib/dynamodb/transact.ts';
import { envelope } from '#lib/events/envelope.ts';
import { outboxPut } from '#lib/events/outbox/outbox.ts';
import type { Page } from '#lib/pagination.ts';
import { type Order, orderCancelledData, type Refund, type UnnumberedOrder } from '../domain/order.ts';
import type { OrderStore } from '../ports.ts';
import { orderKey } from './keys.ts';
import { cancelUpdate, toOrder } from './order-items.ts';
import { createdBetween, listByCustomer } from './order-queries.ts';
import { recordConfirmed } from './record-confirmed.ts';

/**
 * The orders of the Sales table. Recording (invoice number, order, OrderConfirmed in one
 * transaction) is in `record-confirmed.ts`, the counter's queue in `invoice-queue.ts`, the lists in
 * `order-queries.ts`; this class ties them to one table.
 */
export class SalesStore implements OrderStore {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(db: DynamoDBDocumentClient, tableName: string) {
    this.#db = db;
    this.#table = tableName;
  }

  recordConfirmed(order: UnnumberedOrder, correlationId: string, idempotencyKey?: string): Promise<Order> {
    return recordConfirmed(this.#db, this.#table, { order, correlationId, idempotencyKey }, (orderId) =>
      this.get(orderId),
    );
  }

  async get(orderId: string): Promise<Order | undefined> {
    const { Item } = await this.#db.send(
      new GetCommand({ TableName: this.#table, Key: orderKey(orderId), ConsistentRead: true }),
    );
    return Item ? toOrder(Item) : undefined;
  }

  async cancel(order: Order, refund: Refund, correlationId: string): Promise<Order | undefined> {
    const result = await transactWrite(this.#db, [
      cancelUpdate(this.#table, order.orderId, refund),
      outboxPut(this.#table, envelope('OrderCancelled', 'sales', orderCancelledData(order), correlationId)),
    ]);
    if (result.ok) return { ...order, status: 'CANCELLED', cancelledAt: refund.at, refund };
    if (failedAt(result, 0)) return undefined;
    throw new Error(`cancelling order ${order.orderId} failed: ${result.reasons.map((r) => r.code)}`);
  }

  async completeRefund(orderId: string, refundId: string): Promise<Order | undefined> {
    try {
      const { Attributes } = await this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: orderKey(orderId),
          UpdateExpression: 'SET refund.#status = :refunded, refund.refundId = :refundId',
          ConditionExpression: 'refund.#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':refunded': 'REFUNDED',
            ':pending': 'PENDING',
            ':refundId': refundId,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? toOrder(Attributes) : undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  listByCustomer(customerId: string, limit: number, cursor: string | undefined): Promise<Page<Order>> {
    return listByCustomer(this.#db, this.#table, customerId, limit, cursor);
  }

  createdBetween(from: string, to: string): Promise<Order[]> {
    return createdBetween(this.#db, this.#table, from, to);
  }
}
