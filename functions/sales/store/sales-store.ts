import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { defaults } from '#lib/catalogue/environment.ts';
import { failedAt, onlyConflicts, transactWrite } from '#lib/dynamodb/transact.ts';
import { envelope } from '#lib/events/envelope.ts';
import { outboxPut } from '#lib/events/outbox/outbox.ts';
import type { Page } from '#lib/pagination.ts';
import { type Cancellation, type Order, orderCancelledData, type UnnumberedOrder } from '../domain/order.ts';
import type { PlannedReturn, ReturnRecord } from '../domain/returns.ts';
import type { CreatedBetweenQuery, OrderStore, ReturnOutcome } from '../ports.ts';
import { orderKey, returnKey } from './keys.ts';
import { cancelUpdate, toOrder, toReturn } from './order-items.ts';
import {
  createdBetween,
  listByCustomer,
  listCreatedBetween,
  orderWithReturns,
  returnsBetween,
} from './order-queries.ts';
import { recordConfirmed } from './record-confirmed.ts';
import { getReturn, recordReturn } from './record-return.ts';
import { SeriesPool } from './series-pool.ts';

/**
 * The orders of the Sales table. Recording (invoice number, order, OrderConfirmed in one
 * transaction) is in `record-confirmed.ts`, returns (credit-note number, order, return, OrderReturned)
 * in `record-return.ts`, both numbered by `numbered-write.ts` in the series of this instance's pools
 * (`series-pool.ts`), the lists in `order-queries.ts`; this class ties them to one table.
 */
export class SalesStore implements OrderStore {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #invoiceSeries: SeriesPool;
  readonly #creditNoteSeries = new SeriesPool(1);

  constructor(db: DynamoDBDocumentClient, tableName: string, invoiceSeries: number = defaults.invoiceSeries) {
    this.#db = db;
    this.#table = tableName;
    this.#invoiceSeries = new SeriesPool(invoiceSeries);
  }

  recordConfirmed(order: UnnumberedOrder, correlationId: string, idempotencyKey?: string): Promise<Order> {
    return recordConfirmed(
      this.#db,
      this.#table,
      this.#invoiceSeries,
      { order, correlationId, idempotencyKey },
      (orderId) => this.get(orderId),
    );
  }

  async get(orderId: string): Promise<Order | undefined> {
    const { Item } = await this.#db.send(
      new GetCommand({ TableName: this.#table, Key: orderKey(orderId), ConsistentRead: true }),
    );
    return Item ? toOrder(Item) : undefined;
  }

  getWithReturns(orderId: string): Promise<{ order: Order; returns: ReturnRecord[] } | undefined> {
    return orderWithReturns(this.#db, this.#table, orderId);
  }

  async cancel(order: Order, cancellation: Cancellation, correlationId: string): Promise<Order | undefined> {
    const { refund, actor } = cancellation;
    const result = await transactWrite(this.#db, [
      cancelUpdate(this.#table, order.orderId, cancellation),
      outboxPut(
        this.#table,
        envelope('OrderCancelled', 'sales', orderCancelledData(order, actor), correlationId),
      ),
    ]);
    if (result.ok) {
      return {
        ...order,
        status: 'CANCELLED',
        cancelledAt: refund.at,
        cancelledBy: actor,
        refund,
        revision: cancellation.seenRevision + 1,
      };
    }
    if (failedAt(result, 0) || onlyConflicts(result)) return undefined;
    throw new Error(`cancelling order ${order.orderId} failed: ${result.reasons.map((r) => r.code)}`);
  }

  getReturn(orderId: string, returnId: string): Promise<ReturnRecord | undefined> {
    return getReturn(this.#db, this.#table, orderId, returnId);
  }

  recordReturn(
    order: Order,
    plan: (order: Order) => PlannedReturn,
    correlationId: string,
  ): Promise<ReturnOutcome> {
    return recordReturn(
      this.#db,
      this.#table,
      this.#creditNoteSeries,
      order,
      plan,
      correlationId,
      (orderId) => this.get(orderId),
    );
  }

  async completeReturnRefund(
    orderId: string,
    returnId: string,
    refundId: string,
  ): Promise<ReturnRecord | undefined> {
    try {
      const { Attributes } = await this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: returnKey(orderId, returnId),
          UpdateExpression: 'SET refundStatus = :refunded, refundId = :refundId',
          ConditionExpression: 'refundStatus = :pending',
          ExpressionAttributeValues: {
            ':refunded': 'REFUNDED',
            ':pending': 'PENDING',
            ':refundId': refundId,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? toReturn(Attributes) : undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  returnsCreatedBetween(from: string, to: string): Promise<ReturnRecord[]> {
    return returnsBetween(this.#db, this.#table, from, to);
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

  listCreatedBetween(query: CreatedBetweenQuery): Promise<Page<Order>> {
    return listCreatedBetween(this.#db, this.#table, query);
  }

  createdBetween(from: string, to: string): Promise<Order[]> {
    return createdBetween(this.#db, this.#table, from, to);
  }
}
