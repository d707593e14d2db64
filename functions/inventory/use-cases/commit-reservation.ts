import { RETRY, withRetries } from '#lib/dynamodb/backoff.ts';
import { AppError, notFound } from '#lib/errors.ts';
import { decideCommit, type Reservation } from '../domain/reservation.ts';
import type { Clock, ReservationStore } from '../ports.ts';

interface Deps {
  reservations: ReservationStore;
  clock: Clock;
}

/**
 * The sale is recorded: ACTIVE → COMMITTED (it leaves the expiry index, so it never expires), in one
 * conditional write with no read first. Again → the same answer, from the reservation the refused
 * write hands back; a reservation that already gave its stock back → 409 conflict.
 */
export const makeCommitReservation =
  (deps: Deps) =>
  (reservationId: string): Promise<Reservation> =>
    withRetries(async () => {
      const result = await deps.reservations.commit(reservationId, deps.clock.now().toISOString());
      if (result.kind === 'ok') return result.reservation;
      if (result.kind === 'retry') return RETRY;
      if (result.kind === 'not_found') throw notFound('Reservation', reservationId);
      const { reservation } = result;
      const decision = decideCommit(reservation.status);
      if (decision === 'already-committed') return reservation;
      if (decision === 'conflict') {
        throw new AppError(
          'conflict',
          `Reservation '${reservationId}' is ${reservation.status}; it cannot be committed.`,
        );
      }
      // Refused while ACTIVE: it moved and came back between the write and its answer; try again.
      return RETRY;
    });
