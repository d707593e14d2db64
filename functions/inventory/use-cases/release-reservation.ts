import { AppError, notFound } from '#lib/errors.ts';
import { RETRY, withRetries } from '#lib/retry.ts';
import { decideRelease, type Reservation, releasableFrom } from '../domain/reservation.ts';
import type { Product } from '../domain/stock.ts';
import type { Deps } from './ports.ts';
import { openDeferredReorders, planLines, stockLowEvents } from './stock-plans.ts';

export interface ReleaseOptions {
  /** RELEASED (DELETE, OrderCancelled) or EXPIRED (the expiry sweep). */
  to: 'RELEASED' | 'EXPIRED';
  /** Only the OrderCancelled consumer may release a COMMITTED reservation: the sale was cancelled. */
  cancelledSale: boolean;
  correlationId: string;
}

/**
 * Gives a reservation's stock back exactly once: ONE transaction moves the status out of ACTIVE (the
 * condition), increments every product from the version read and writes a movement per line. If the
 * status moved first (a commit, another release, the expiry), nothing is returned twice.
 */
export const makeReleaseReservation =
  (deps: Deps) =>
  async (reservationId: string, options: ReleaseOptions): Promise<Reservation> => {
    const outcome = await withRetries(async () => {
      const reservation = await deps.store.getReservation(reservationId);
      if (!reservation) {
        // Still 404, but a create of this id arriving late (its caller gave up) must take no stock.
        const marked = await deps.store.markReleased(reservationId, deps.clock.now());
        if (marked === 'ok') throw notFound('Reservation', reservationId);
        return RETRY;
      }
      const decision = decideRelease(reservation.status, options.cancelledSale);
      if (decision === 'already-released') return { reservation, deferred: [] as string[] };
      if (decision === 'conflict') {
        throw new AppError(
          'conflict',
          `Reservation '${reservationId}' is ${reservation.status}; a recorded sale returns stock only when Sales cancels it.`,
        );
      }
      const products = await Promise.all(reservation.lines.map((l) => deps.store.getProduct(l.productId)));
      const now = deps.clock.now();
      const reason = options.to === 'EXPIRED' ? 'reservation-expired' : 'reservation-released';
      const plan = planLines(
        reservation.lines.flatMap((line, i) => {
          const product = products[i];
          // A product cannot be deleted through this API; a missing one has nothing to give back to.
          return product
            ? [
                {
                  product: product as Product,
                  change: { delta: line.quantity, reason, reference: reservationId },
                },
              ]
            : [];
        }),
        1,
        { now, newId: deps.newId },
      );
      if (!plan.ok) throw new Error('an increment is never short');
      const at = now.toISOString();
      const result = await deps.store.write({
        changes: plan.changes,
        reservation: {
          kind: 'transition',
          reservationId,
          from: releasableFrom(options.cancelledSale),
          to: options.to,
          at,
        },
        events: stockLowEvents(plan.changes, options.correlationId, now),
      });
      if (result !== 'ok') return RETRY;
      return {
        reservation: { ...reservation, status: options.to, updatedAt: at },
        deferred: plan.deferredReorders,
      };
    });
    await openDeferredReorders(deps, outcome.deferred, options.correlationId);
    return outcome.reservation;
  };
