import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backoffDelay, retryBudget, sleep } from '#lib/dynamodb/backoff.ts';
import { failedAt, type TransactResult, transactWrite } from '#lib/dynamodb/transact.ts';
import { AppError } from '#lib/errors.ts';
import { envelope } from '#lib/events/envelope.ts';
import { outboxPut } from '#lib/events/outbox/outbox.ts';
import { type Order, orderConfirmedData, type UnnumberedOrder } from '../domain/order.ts';
import { counterStep, readCounter, takeTicket } from './invoice-counter.ts';
import {
  afterConflict,
  type Counter,
  counterOf,
  joinQueue,
  lose,
  type Move,
  nextMove,
  RECORD_BUDGET_MS,
  type Turn,
} from './invoice-queue.ts';
import { keyGuardPut, orderPut } from './order-items.ts';

/** Back-off of a recorder that holds no ticket (the ticket item could not be reached). */
const NO_TICKET_BACKOFF = { baseMs: 2, capMs: 40 };

/** The elements of the recording transaction, in this order (the cancellation reasons follow it). */
const COUNTER = 0;
const ORDER = 1;
const GUARD = 3;

/** The invoice counter is the one serial point of the order path; the caller undoes the attempt. */
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
 * The invoice number is taken inside the transaction that records the order: the counter moves
 * from `last` to `last + 1` only if it still holds `last`, so numbers are gap-free and a failed
 * order never consumes one. Recorders racing for it queue by ticket (`invoice-queue.ts`); a lost
 * attempt learns the counter from the failed condition. Its own loop rather than `withRetries`: the
 * queue, not a backoff, decides each wait, and running out of time is a 503 (the caller gives the
 * stock and the money back), not a 429. `get` finds the order an earlier attempt with the same key
 * recorded.
 */
export async function recordConfirmed(
  db: DynamoDBDocumentClient,
  table: string,
  { order, correlationId, idempotencyKey }: RecordRequest,
  get: (orderId: string) => Promise<Order | undefined>,
): Promise<Order> {
  const deadline = Date.now() + retryBudget(RECORD_BUDGET_MS);
  const guard = idempotencyKey === undefined ? [] : [keyGuardPut(table, idempotencyKey, order)];
  const [ticket, first] = await Promise.all([takeTicket(db, table), readCounter(db, table)]);
  let seen: Counter = first;
  let turn: Turn | undefined = ticket && joinQueue(ticket, seen, Date.now());

  /** A ticket holder asks the queue; a recorder without one tries the counter as seen, backing off once lost. */
  const plan = (attempt: number): Move => {
    if (!turn) {
      const waitMs = attempt > 1 ? backoffDelay(attempt, NO_TICKET_BACKOFF) : 0;
      return { attempt: true, last: seen.last, waitMs };
    }
    const next = nextMove(turn, seen, Date.now(), Math.random());
    turn = next.turn;
    return next.move;
  };

  let attempt = 1;
  let move = plan(attempt);
  let lostTo: TransactResult | undefined;
  for (;;) {
    if (Date.now() + move.waitMs >= deadline) throw tooBusy(lostTo);
    await sleep(move.waitMs);
    if (!move.attempt) {
      seen = await readCounter(db, table);
      move = plan(attempt);
      continue;
    }
    const last = move.last;
    const numbered: Order = { ...order, invoiceNumber: last + 1 };
    const result = await transactWrite(db, [
      counterStep(table, last, Math.max(turn?.ticket ?? 0, seen.served)),
      orderPut(table, numbered),
      outboxPut(table, envelope('OrderConfirmed', 'sales', orderConfirmedData(numbered), correlationId)),
      ...guard,
    ]);
    if (result.ok) return numbered;

    const guardItem = result.reasons[GUARD]?.item;
    if (failedAt(result, GUARD) && guardItem) {
      const existing = await get(String(guardItem.orderId));
      if (existing) return existing;
    }
    if (failedAt(result, ORDER)) {
      throw new Error(`order ${order.orderId} is already recorded`, {
        cause: new Error(result.reasons.map((r) => r.code).join(', ')),
      });
    }
    attempt++;
    lostTo = result;
    turn = turn && lose(turn);
    if (failedAt(result, COUNTER)) {
      const counterItem = result.reasons[COUNTER]?.item;
      seen = counterItem ? counterOf(counterItem) : await readCounter(db, table);
      move = plan(attempt);
    } else {
      // TransactionConflict: another order is committing on the counter right now; same guess, shortly.
      move = turn
        ? afterConflict(last, Math.random())
        : { attempt: true, last, waitMs: backoffDelay(attempt, NO_TICKET_BACKOFF) };
    }
  }
}
