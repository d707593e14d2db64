import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backoffDelay, retryBudget, sleep } from '#lib/dynamodb/backoff.ts';
import { failedAt, type TransactResult, transactWrite } from '#lib/dynamodb/transact.ts';
import type { NumberKind } from './keys.ts';
import { counterStep, lastOf, readCounter } from './number-series.ts';
import type { TransactItem } from './order-items.ts';
import type { SeriesPool } from './series-pool.ts';

/** How long recording may take before Sales answers 503: well inside the place-order Lambda's 20 s. */
export const RECORD_BUDGET_MS = 8_000;

/** Back-off after a transaction conflict (another write committing on the same item right now). */
const CONFLICT_BACKOFF = { baseMs: 2, capMs: 40 };
/**
 * Back-off after losing the counter again: each loss means another writer won, so the losers spread
 * out further each time instead of all sending again at once (n writers would cost ~n² attempts).
 */
const LOST_BACKOFF = { baseMs: 5, capMs: 250 };

/** The counter's step is the transaction's first element; the writer's own follow it. */
const COUNTER = 0;

export type FailedTransaction = Extract<TransactResult, { ok: false }>;

/** A number of a series: series `series`, number `number` (gap-free within the series). */
export interface SeriesNumber {
  series: number;
  number: number;
}

/** One write that takes the next number of a series. */
export interface NumberedWrite<T> {
  kind: NumberKind;
  /** The transaction's elements after the counter's step, for number `n`. */
  items: (n: SeriesNumber) => TransactItem[];
  /** The answer once the transaction went through with number `n`. */
  written: (n: SeriesNumber) => T;
  /**
   * One of the writer's own elements failed its condition (reasons are indexed from 1, the counter
   * being 0): an answer instead (what an earlier attempt wrote), `'again'` once the writer has planned
   * anew from fresh reads (the next attempt takes the same number), or a throw.
   */
  refused: (result: FailedTransaction) => Promise<{ answer: T } | 'again'>;
  /** The error when no number can be taken in time (a 503: the caller undoes). */
  tooBusy: (lost: TransactResult | undefined) => Error;
}

/**
 * The number is taken inside the transaction that writes what it numbers: the counter moves from
 * `last` to `last + 1` only if it still holds `last`, so numbers are gap-free within a series and a
 * failed write never consumes one. The series comes from this instance's pool (`series-pool.ts`),
 * which usually knows the counter already: then this transaction is the only request. A lost attempt
 * learns the counter from the failed condition and goes again at once, since it now holds the right
 * number; running out of time is a 503, not a 429.
 */
export async function numberedWrite<T>(
  db: DynamoDBDocumentClient,
  table: string,
  pool: SeriesPool,
  write: NumberedWrite<T>,
): Promise<T> {
  const deadline = Date.now() + retryBudget(RECORD_BUDGET_MS);
  const lease = await pool.acquire(deadline - Date.now());
  if (!lease) throw write.tooBusy(undefined);
  const { series } = lease;
  // Undefined while the outcome of a write is not known: the next holder reads the counter.
  let last: number | undefined = lease.last;
  let contended = false;
  try {
    last ??= await readCounter(db, table, write.kind, series);
    for (let attempt = 1; ; attempt++) {
      const taking: number = last;
      const number = { series, number: taking + 1 };
      last = undefined;
      const result = await transactWrite(db, [
        counterStep(table, write.kind, series, taking),
        ...write.items(number),
      ]);
      if (result.ok) {
        last = taking + 1;
        return write.written(number);
      }
      last = taking;
      const counterLost = failedAt(result, COUNTER);
      if (counterLost) {
        // Another instance took a number in this series: the failed condition says which.
        contended = true;
        const counter = result.reasons[COUNTER]?.item;
        last = counter ? lastOf(counter) : await readCounter(db, table, write.kind, series);
      }
      // The writer's own condition is asked about first, even when the counter was lost too: a write
      // that no longer fits (or was made by an earlier attempt) ends now, not after winning a number.
      if (result.reasons.some((r) => r.index > COUNTER && r.code === 'ConditionalCheckFailed')) {
        const decided = await write.refused(result);
        if (decided !== 'again') return decided.answer;
      }
      // Going again at once is right when one other writer won the counter; when several keep winning,
      // jitter spreads the losers. Otherwise a transaction conflict: another write is committing now.
      let waitMs = backoffDelay(attempt, CONFLICT_BACKOFF);
      if (counterLost) waitMs = attempt > 1 ? backoffDelay(attempt, LOST_BACKOFF) : 0;
      if (Date.now() + waitMs >= deadline) throw write.tooBusy(result);
      await sleep(waitMs);
    }
  } finally {
    pool.release(series, last, contended);
  }
}
