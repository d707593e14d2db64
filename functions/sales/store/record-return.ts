import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { failedAt, type TransactResult } from '#lib/dynamodb/transact.ts';
import { AppError } from '#lib/errors.ts';
import { envelope } from '#lib/events/envelope.ts';
import { outboxPut } from '#lib/events/outbox/outbox.ts';
import type { Order } from '../domain/order.ts';
import { orderReturnedData, type PlannedReturn, type ReturnRecord } from '../domain/returns.ts';
import type { ReturnOutcome } from '../ports.ts';
import { returnKey } from './keys.ts';
import { numberedWrite, type SeriesNumber } from './numbered-write.ts';
import { returnIdGuardPut, returnPut, returnUpdate, toReturn } from './order-items.ts';
import type { SeriesPool } from './series-pool.ts';

/** The elements of the return's transaction after the counter's (0), in this order. */
const ORDER = 1;
const RETURN = 2;
const GUARD = 3;

const tooBusy = (lost: TransactResult | undefined) =>
  new AppError('dependency_unavailable', 'Too many returns are being recorded at once; try again.', {
    headers: { 'retry-after': '1' },
    cause:
      lost && !lost.ok ? new Error(`credit-note counter: ${lost.reasons.map((r) => r.code)}`) : undefined,
  });

export async function getReturn(
  db: DynamoDBDocumentClient,
  table: string,
  orderId: string,
  returnId: string,
): Promise<ReturnRecord | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: table, Key: returnKey(orderId, returnId), ConsistentRead: true }),
  );
  return Item ? toReturn(Item) : undefined;
}

/**
 * One transaction: the next credit-note number (its own series, with the guarantees of invoice
 * numbers), the order's returned quantities and status (conditioned on the revision the return
 * was planned from), the return (conditioned on its absence), its id's guard, and OrderReturned through
 * the outbox. When the order changed meanwhile, it is read again and the return planned anew (`plan`
 * throws when it no longer fits), keeping its series; so concurrent returns can never
 * return more than was bought.
 */
export function recordReturn(
  db: DynamoDBDocumentClient,
  table: string,
  pool: SeriesPool,
  first: Order,
  plan: (order: Order) => PlannedReturn,
  correlationId: string,
  get: (orderId: string) => Promise<Order | undefined>,
): Promise<ReturnOutcome> {
  let planned = plan(first);
  const { orderId, returnId } = planned.record;
  // Credit notes are one series: returns are few, and their pool has one series.
  const numbered = ({ number }: SeriesNumber): ReturnRecord => ({
    ...planned.record,
    creditNoteNumber: number,
  });
  return numberedWrite<ReturnOutcome>(db, table, pool, {
    kind: 'CREDIT_NOTE',
    items: (n) => [
      returnUpdate(table, planned),
      returnPut(table, numbered(n)),
      returnIdGuardPut(table, planned.record),
      outboxPut(
        table,
        envelope(
          'OrderReturned',
          'sales',
          orderReturnedData(numbered(n), first.contact !== undefined),
          correlationId,
        ),
      ),
    ],
    written: (n) => ({ recorded: numbered(n) }),
    refused: async (result) => {
      const existing = result.reasons[RETURN]?.item;
      if (failedAt(result, RETURN)) {
        const record = existing ? toReturn(existing) : await getReturn(db, table, orderId, returnId);
        if (record) return { answer: { existing: record } };
      }
      const guard = result.reasons[GUARD]?.item;
      if (failedAt(result, GUARD) && guard && guard.orderId !== orderId) {
        return { answer: { takenBy: String(guard.orderId) } };
      }
      if (failedAt(result, ORDER)) {
        const now = await get(orderId);
        if (!now) throw new Error(`order ${orderId} disappeared while a return was recorded`);
        planned = plan(now);
      }
      return 'again';
    },
    tooBusy,
  });
}
