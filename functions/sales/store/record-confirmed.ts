import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { failedAt, type TransactResult } from '#lib/dynamodb/transact.ts';
import { AppError } from '#lib/errors.ts';
import { envelope } from '#lib/events/envelope.ts';
import { outboxPut } from '#lib/events/outbox/outbox.ts';
import { type Order, orderConfirmedData, type UnnumberedOrder } from '../domain/order.ts';
import { numberedWrite, type SeriesNumber } from './numbered-write.ts';
import { keyGuardPut, orderPut } from './order-items.ts';
import type { SeriesPool } from './series-pool.ts';

/** The elements of the recording transaction after the counter's (0), in this order. */
const ORDER = 1;
const GUARD = 3;

/** No invoice series could take a number in time; the caller undoes the attempt. */
const tooBusy = (lost: TransactResult | undefined) =>
  new AppError('dependency_unavailable', 'Too many orders are being recorded at once; try again.', {
    headers: { 'retry-after': '1' },
    cause: lost && !lost.ok ? new Error(`invoice counter: ${lost.reasons.map((r) => r.code)}`) : undefined,
  });

export interface RecordRequest {
  order: UnnumberedOrder;
  correlationId: string;
  idempotencyKey: string | undefined;
}

/**
 * The invoice number is taken inside the transaction that records the order (`numberedWrite`, in one
 * of the invoice series of `pool`): gap-free within its series, and a failed order never consumes one. Running out of time is a 503 (the caller
 * gives the stock and the money back). `get` finds the order an earlier attempt with the same key
 * recorded.
 */
export function recordConfirmed(
  db: DynamoDBDocumentClient,
  table: string,
  pool: SeriesPool,
  { order, correlationId, idempotencyKey }: RecordRequest,
  get: (orderId: string) => Promise<Order | undefined>,
): Promise<Order> {
  const guard = idempotencyKey === undefined ? [] : [keyGuardPut(table, idempotencyKey, order)];
  const numbered = ({ series, number }: SeriesNumber): Order => ({
    ...order,
    invoiceSeries: series,
    invoiceNumber: number,
  });
  return numberedWrite(db, table, pool, {
    kind: 'INVOICE',
    items: (n) => [
      orderPut(table, numbered(n)),
      outboxPut(table, envelope('OrderConfirmed', 'sales', orderConfirmedData(numbered(n)), correlationId)),
      ...guard,
    ],
    written: numbered,
    refused: async (result) => {
      const guardItem = result.reasons[GUARD]?.item;
      if (failedAt(result, GUARD) && guardItem) {
        const existing = await get(String(guardItem.orderId));
        if (existing) return { answer: existing };
      }
      if (failedAt(result, ORDER)) {
        throw new Error(`order ${order.orderId} is already recorded`, {
          cause: new Error(result.reasons.map((r) => r.code).join(', ')),
        });
      }
      // The key's order is not readable yet (its writer is mid-way): try again.
      return 'again';
    },
    tooBusy,
  });
}
