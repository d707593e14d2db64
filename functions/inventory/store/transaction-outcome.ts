import type { TransactResult } from '#lib/dynamodb/transact.ts';

/** Codes of a cancelled transaction that say nothing about its conditions: sending it again may pass. */
const TRANSIENT = new Set(['TransactionConflict', 'ThrottlingError']);

/** Some element of a cancelled transaction failed its condition. */
export const conditionFailed = (result: TransactResult): boolean =>
  !result.ok && result.reasons.some((r) => r.code === 'ConditionalCheckFailed');

/**
 * No condition failed: the transaction lost to concurrent writes (or was throttled), so the same
 * transaction may go through if sent again. Throttling counts too, unlike `onlyConflicts`.
 */
export function worthRetrying(result: TransactResult): boolean {
  if (result.ok) return false;
  const failures = result.reasons.filter((r) => r.code !== 'None');
  return failures.length > 0 && failures.every((r) => TRANSIENT.has(r.code));
}

/** A cancellation none of the store's answers covers: a bug or a limit, never business as usual. */
export const unexpectedCancellation = (what: string, result: TransactResult): Error =>
  new Error(`${what} was cancelled: ${JSON.stringify(result.ok ? [] : result.reasons)}`);

/** A single (non-transactional) write that met a transaction holding its item. */
export const isTransactionConflict = (error: unknown): boolean =>
  (error as { name?: string })?.name === 'TransactionConflictException';
