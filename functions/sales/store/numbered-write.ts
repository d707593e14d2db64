import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backoffDelay, retryBudget, sleep } from '#lib/dynamodb/backoff.ts';
import { failedAt, type TransactResult, transactWrite } from '#lib/dynamodb/transact.ts';
import type { Series } from './keys.ts';
import { counterStep, passTurn, readCounter, takeTicket } from './number-series.ts';
import type { TransactItem } from './order-items.ts';
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
} from './series-queue.ts';

/** Back-off of a writer that holds no ticket (the ticket item could not be reached). */
const NO_TICKET_BACKOFF = { baseMs: 2, capMs: 40 };

/** The counter's step is the transaction's first element; the writer's own follow it. */
const COUNTER = 0;

export type FailedTransaction = Extract<TransactResult, { ok: false }>;

/** One write that takes the next number of a series. */
export interface NumberedWrite<T> {
  series: Series;
  /** The transaction's elements after the counter's step, for number `n`. */
  items: (n: number) => TransactItem[];
  /** The answer once the transaction went through with number `n`. */
  written: (n: number) => T;
  /**
   * One of the writer's own elements failed its condition (reasons are indexed from 1, the counter
   * being 0): an answer instead (what an earlier attempt wrote), `'again'` once the writer has planned
   * anew from fresh reads (the next attempt keeps its turn and its number), or a throw.
   */
  refused: (result: FailedTransaction) => Promise<{ answer: T } | 'again'>;
  /** The error when the series is too busy to take a number in time (a 503: the caller undoes). */
  tooBusy: (lost: TransactResult | undefined) => Error;
}

/**
 * The number is taken inside the transaction that writes what it numbers: the counter moves from
 * `last` to `last + 1` only if it still holds `last`, so numbers are gap-free and a failed write never
 * consumes one. Writers racing for it queue by ticket (`series-queue.ts`); a lost attempt learns the
 * counter from the failed condition. Its own loop rather than `withRetries`: the queue, not a backoff,
 * decides each wait, and running out of time is a 503, not a 429. A writer whose write will not
 * happen after all hands its turn on (`passTurn`), so the ones behind it do not wait for it.
 */
export async function numberedWrite<T>(
  db: DynamoDBDocumentClient,
  table: string,
  write: NumberedWrite<T>,
): Promise<T> {
  const { series } = write;
  const deadline = Date.now() + retryBudget(RECORD_BUDGET_MS);
  const [ticket, first] = await Promise.all([takeTicket(db, table, series), readCounter(db, table, series)]);
  let seen: Counter = first;
  let turn: Turn | undefined = ticket && joinQueue(ticket, seen, Date.now());

  /** A ticket holder asks the queue; a writer without one tries the counter as seen, backing off once lost. */
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
    if (Date.now() + move.waitMs >= deadline) throw write.tooBusy(lostTo);
    await sleep(move.waitMs);
    if (!move.attempt) {
      seen = await readCounter(db, table, series);
      move = plan(attempt);
      continue;
    }
    const last = move.last;
    const result = await transactWrite(db, [
      counterStep(table, series, last, Math.max(turn?.ticket ?? 0, seen.served)),
      ...write.items(last + 1),
    ]);
    if (result.ok) return write.written(last + 1);

    const refusedOwn = result.reasons.some((r) => r.index > COUNTER && r.code === 'ConditionalCheckFailed');
    if (refusedOwn) {
      let decided: { answer: T } | 'again';
      try {
        decided = await write.refused(result);
      } catch (error) {
        if (turn) await passTurn(db, table, series, last, turn.ticket);
        throw error;
      }
      if (decided !== 'again') {
        if (turn) await passTurn(db, table, series, last, turn.ticket);
        return decided.answer;
      }
    }
    attempt++;
    lostTo = result;
    if (failedAt(result, COUNTER)) {
      turn = turn && lose(turn);
      const counterItem = result.reasons[COUNTER]?.item;
      seen = counterItem ? counterOf(counterItem) : await readCounter(db, table, series);
      move = plan(attempt);
    } else if (refusedOwn) {
      // Planned anew from fresh reads, still at its turn: the same number again, after a moment.
      move = afterConflict(last, Math.random());
    } else {
      // TransactionConflict: another write is committing on the counter (or the same item) right now.
      turn = turn && lose(turn);
      move = turn
        ? afterConflict(last, Math.random())
        : { attempt: true, last, waitMs: backoffDelay(attempt, NO_TICKET_BACKOFF) };
    }
  }
}
