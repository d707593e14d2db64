import { RETRY, withRetries } from '#lib/dynamodb/backoff.ts';
import { AppError, notFound } from '#lib/errors.ts';
import { decideCommit, type Reservation } from '../domain/reservation.ts';
import type { Clock, ReservationStore } from '../ports.ts';

interface Deps {
  reservations: ReservationStore;
  clock: Clock;
}

/**
 * The sale is recorded: ACTIVE → COMMITTED (it leaves the expiry index, so it never expires). Again →
 * the same answer; a reservation that already gave its stock back → 409 conflict.
 */
export const makeCommitReservation =
  (deps: Deps) =>
  (reservationId: string): Promise<Reservation> =>
    withRetries(async () => {
      const reservation = await deps.reservations.getReservation(reservationId);
      if (!reservation) throw notFound('Reservation', reservationId);
      const decision = decideCommit(reservation.status);
      if (decision === 'already-committed') return reservation;
      if (decision === 'conflict') {
        throw new AppError(
          'conflict',
          `Reservation '${reservationId}' is ${reservation.status}; it cannot be committed.`,
        );
      }
      const at = deps.clock.now().toISOString();
      const moved = await deps.reservations.transition({
        reservationId,
        from: ['ACTIVE'],
        to: 'COMMITTED',
        at,
      });
      // A release or expiry won the race: read again and answer from what it left.
      return moved.kind === 'ok' ? { ...reservation, status: 'COMMITTED', updatedAt: at } : RETRY;
    });
