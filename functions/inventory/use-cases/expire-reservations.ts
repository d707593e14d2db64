import { mapConcurrently } from '#lib/map-concurrently.ts';
import { isSold, type Reservation } from '../domain/reservation.ts';
import { INVENTORY_ACTOR } from '../domain/stock.ts';
import type { Clock, Metrics, ReservationStore, SalesOrders } from '../ports.ts';

const SALES_CALLS_IN_FLIGHT = 5;

export interface ExpiryOutcome {
  expired: string[];
  committed: string[];
  skipped: string[];
}

/**
 * The schedule's sweep over ACTIVE reservations past expiresAt. Sales is asked first, because the
 * stock of an order Sales recorded must never come back: CONFIRMED (or partly or fully returned) →
 * commit instead; no order (or a cancelled one) → release as EXPIRED; Sales unsure or unreachable →
 * leave it for the next tick.
 */
export const makeExpireReservations = (deps: {
  reservations: ReservationStore;
  clock: Clock;
  sales: SalesOrders;
  metrics: Metrics;
  commit: (reservationId: string) => Promise<Reservation>;
  /** Gives the stock back as EXPIRED, by `actor` (Inventory itself: no one asked for it). */
  expire: (reservationId: string, actor: string) => Promise<Reservation>;
  /**
   * How long past expiresAt a reservation stays untouched. Sales never records an order after
   * expiresAt, and an order in flight at that instant is recorded within its Lambda timeout; the
   * grace keeps expiry from asking Sales in between and releasing a sale's stock.
   */
  graceMs: number;
  batchSize?: number;
  /** Whether there is time for another page: a backlog drains in one run, not a page per tick. */
  hasTime?: () => boolean;
}) => {
  /** One reservation: commit a sale, expire what no order holds, leave what Sales cannot say. */
  async function settle(reservationId: string, outcome: ExpiryOutcome, correlationId: string) {
    const status = await deps.sales.orderStatus(reservationId, correlationId).catch(() => 'UNKNOWN' as const);
    try {
      if (isSold(status)) {
        await deps.commit(reservationId);
        outcome.committed.push(reservationId);
      } else if (status === 'NONE' || status === 'CANCELLED') {
        const result = await deps.expire(reservationId, INVENTORY_ACTOR);
        (result.status === 'EXPIRED' ? outcome.expired : outcome.skipped).push(reservationId);
      } else {
        outcome.skipped.push(reservationId);
      }
    } catch {
      // Committed or released meanwhile (409), or contention: the index no longer lists it, or the next tick retries.
      outcome.skipped.push(reservationId);
    }
  }

  return async (correlationId: string): Promise<ExpiryOutcome> => {
    const cutoff = new Date(deps.clock.now().getTime() - deps.graceMs);
    const outcome: ExpiryOutcome = { expired: [], committed: [], skipped: [] };
    let cursor: string | undefined;
    do {
      const page = await deps.reservations.dueReservations(cutoff, deps.batchSize ?? 25, cursor);
      // A few at a time: one slow answer from Sales must not hold up the rest.
      await mapConcurrently(page.items, SALES_CALLS_IN_FLIGHT, ({ reservationId }) =>
        settle(reservationId, outcome, correlationId),
      );
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined && (deps.hasTime?.() ?? true));
    deps.metrics.count('ReservationsExpired', outcome.expired.length);
    deps.metrics.count('ReservationsCommittedOnExpiry', outcome.committed.length);
    return outcome;
  };
};
