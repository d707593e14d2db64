import { RETRY, withRetries } from '#lib/dynamodb/backoff.ts';
import { AppError, notFound } from '#lib/errors.ts';
import {
  decideRelease,
  linesToGiveBack,
  type Reservation,
  type ReservationLine,
  releasableFrom,
} from '../domain/reservation.ts';
import { movementEntry } from '../domain/stock.ts';
import type { Clock, NewId, ReservationStore } from '../ports.ts';

interface Deps {
  reservations: ReservationStore;
  clock: Clock;
  newId: NewId;
}

export interface ReleaseOptions {
  /** RELEASED (DELETE, OrderCancelled) or EXPIRED (the expiry sweep). */
  to: 'RELEASED' | 'EXPIRED';
  /** Only the OrderCancelled consumer may release a COMMITTED reservation: the sale was cancelled. */
  cancelledSale: boolean;
  /** Who releases: the caller's token, the event's actor, or Inventory itself (expiry). */
  actor: string;
  /**
   * A cancelled sale's lines as Sales cancelled them: what was returned before is not cancelled (its
   * stock came back, or not, with the return). Absent: every reserved line.
   */
  cancelledLines?: readonly ReservationLine[];
}

/**
 * Gives a reservation's stock back exactly once: ONE transaction moves the status out of ACTIVE (the
 * condition) and adds every line back (for a cancelled sale, the lines it cancelled). If the status
 * moved first (a commit, another release, the expiry), the next round reads it and nothing is
 * returned twice.
 */
export const makeReleaseReservation =
  (deps: Deps) =>
  (reservationId: string, options: ReleaseOptions): Promise<Reservation> =>
    withRetries(async () => {
      const reservation = await deps.reservations.getReservation(reservationId);
      if (!reservation) {
        // Still 404, but a create of this id arriving late (its caller gave up) must take no stock.
        const marked = await deps.reservations.markReleased(reservationId, deps.clock.now());
        if (marked.kind === 'ok') throw notFound('Reservation', reservationId);
        // Created meanwhile (release that instead), or a conflicting transaction: read again.
        return RETRY;
      }
      const decision = decideRelease(reservation.status, options.cancelledSale);
      if (decision === 'already-released') return reservation;
      if (decision === 'conflict') {
        throw new AppError(
          'conflict',
          `Reservation '${reservationId}' is ${reservation.status}; a recorded sale returns stock only when Sales cancels it.`,
        );
      }
      const now = deps.clock.now();
      const at = now.toISOString();
      const reason = options.to === 'EXPIRED' ? 'reservation-expired' : 'reservation-released';
      const changes = linesToGiveBack(reservation.lines, options.cancelledLines).map((line) => ({
        productId: line.productId,
        entry: movementEntry(
          { delta: line.quantity, reason, reference: reservationId, actor: options.actor },
          { now, newId: deps.newId },
        ),
      }));
      const moved = await deps.reservations.transition(
        { reservationId, from: releasableFrom(options.cancelledSale), to: options.to, at },
        changes,
      );
      return moved.kind === 'ok' ? { ...reservation, status: options.to, updatedAt: at } : RETRY;
    });
