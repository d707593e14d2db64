import { RETRY, withRetries } from '#lib/dynamodb/backoff.ts';
import { AppError } from '#lib/errors.ts';
import { expiryFrom, type Reservation, type ReservationLine, sameLines } from '../domain/reservation.ts';
import { movementEntry } from '../domain/stock.ts';
import type { Clock, NewId, ProductStore, ReservationStore } from '../ports.ts';

interface Deps {
  reservations: ReservationStore;
  /** Read only when a reservation fails, to say why. */
  products: ProductStore;
  clock: Clock;
  newId: NewId;
}

export interface CreateReservationInput {
  reservationId: string;
  /** Distinct products; the schema answers 400 for a product listed twice (no silent merge). */
  lines: ReservationLine[];
  /** Who reserves (the caller's token: `service:sales` for Sales' own), recorded on each movement. */
  actor: string;
}

/**
 * All lines or none, in ONE transaction that takes each line's stock only if enough is left and
 * creates the reservation only if its id is new and was not released before it existed. Concurrent
 * reservations of one product never wait for each other: each takes from whatever stock is left when
 * it lands. Only a failed transaction reads, to say why: the same id again (the same answer, or 409 for
 * other lines), unknown products (404), short lines (409 naming each), or stock that came back (again).
 */
export const makeCreateReservation =
  (deps: Deps & { ttlSeconds: number }) =>
  (input: CreateReservationInput): Promise<Reservation> =>
    withRetries(async () => {
      const now = deps.clock.now();
      const at = now.toISOString();
      const reservation: Reservation = {
        reservationId: input.reservationId,
        status: 'ACTIVE',
        lines: input.lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
        expiresAt: expiryFrom(now, deps.ttlSeconds),
        createdAt: at,
        updatedAt: at,
      };
      const changes = input.lines.map((line) => ({
        productId: line.productId,
        entry: movementEntry(
          {
            delta: -line.quantity,
            reason: 'reservation',
            reference: input.reservationId,
            actor: input.actor,
          },
          { now, newId: deps.newId },
        ),
      }));
      const result = await deps.reservations.reserve(reservation, changes);
      if (result.kind === 'ok') return reservation;
      if (result.kind === 'released') {
        // The caller gave up on this id and released it before it existed; taking stock now would
        // leave it held by a reservation nobody will commit or release.
        throw new AppError(
          'conflict',
          `Reservation '${input.reservationId}' was released before it was made.`,
        );
      }
      // A conflicting transaction took nothing: send it again. Otherwise read what refused it.
      if (result.kind === 'retry') return RETRY;
      return whyNot(deps, input);
    });

/** Reads what the failed transaction met; nothing found wrong means it changed since: try again. */
async function whyNot(deps: Deps, input: CreateReservationInput): Promise<Reservation | typeof RETRY> {
  const [existing, ...products] = await Promise.all([
    deps.reservations.getReservation(input.reservationId),
    ...input.lines.map((line) => deps.products.getProduct(line.productId)),
  ]);
  if (existing) return answerRepeat(existing, input.lines);
  const unknown = input.lines.flatMap((line, i) => (products[i] ? [] : [{ line, i }]));
  if (unknown.length > 0) {
    throw new AppError(
      'not_found',
      `Unknown product(s): ${unknown.map((u) => u.line.productId).join(', ')}.`,
      {
        errors: unknown.map(({ line, i }) => ({
          path: `lines.${i}.productId`,
          message: 'no such product',
          productId: line.productId,
        })),
      },
    );
  }
  const short = input.lines.flatMap((line, i) => {
    const available = products[i]?.quantity ?? 0;
    return available < line.quantity ? [{ line, i, available }] : [];
  });
  if (short.length > 0) {
    throw new AppError('insufficient_stock', 'Not enough stock for every line; nothing was reserved.', {
      errors: short.map(({ line, i, available }) => ({
        path: `lines.${i}`,
        message: `requested ${line.quantity}, available ${available}`,
        productId: line.productId,
        requested: line.quantity,
        available,
      })),
    });
  }
  return RETRY;
}

/**
 * A repeated request gets the reservation as it stands, with no second decrement. A reservation
 * that has already given its stock back is not "the same answer" any more: 409, so a caller never
 * believes it holds stock it does not.
 */
function answerRepeat(existing: Reservation, lines: ReservationLine[]): Reservation {
  if (!sameLines(existing.lines, lines)) {
    throw new AppError(
      'idempotency_key_reused',
      `Reservation '${existing.reservationId}' already exists with other lines.`,
    );
  }
  if (existing.status === 'RELEASED' || existing.status === 'EXPIRED') {
    throw new AppError('conflict', `Reservation '${existing.reservationId}' is ${existing.status}.`);
  }
  return existing;
}
