import { AppError } from '#lib/errors.ts';
import { RETRY, withRetries } from '#lib/retry.ts';
import { expiryFrom, type Reservation, type ReservationLine, sameLines } from '../domain/reservation.ts';
import type { Product } from '../domain/stock.ts';
import type { Deps } from './ports.ts';
import { openDeferredReorders, planLines, stockLowEvents } from './stock-plans.ts';

export interface CreateReservationInput {
  reservationId: string;
  /** Distinct products; the schema answers 400 for a product listed twice (no silent merge). */
  lines: ReservationLine[];
}

/**
 * All lines or none: 1. a known id answers as before (same lines) or 409 (other lines)  2. every
 * product must exist (404 naming the unknown ones)  3. every line must be covered (409
 * insufficient_stock naming each short line)  4. ONE transaction decrements each product from the
 * version read, writes a movement per line and creates the reservation only if its id is new and was
 * not released before it existed (409 conflict then, no stock taken).
 */
export const makeCreateReservation =
  (deps: Deps & { ttlSeconds: number }) =>
  async (input: CreateReservationInput, correlationId: string): Promise<Reservation> => {
    // Only the first round and a lost race for the id need the reservation read; a round lost to a newer
    // product version re-reads the product alone (a hot product loses many; each read costs them all).
    let checkExisting = true;
    const reservation = await withRetries(async () => {
      if (checkExisting) {
        const existing = await deps.store.getReservation(input.reservationId);
        if (existing) return { reservation: answerRepeat(existing, input.lines), deferred: [] as string[] };
      }

      const products = await Promise.all(input.lines.map((line) => deps.store.getProduct(line.productId)));
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

      const now = deps.clock.now();
      const plan = planLines(
        input.lines.map((line, i) => ({
          product: products[i] as Product,
          change: { delta: -line.quantity, reason: 'reservation', reference: input.reservationId },
        })),
        // The reservation and the check of its release tombstone.
        2,
        { now, newId: deps.newId },
      );
      if (!plan.ok) {
        throw new AppError('insufficient_stock', 'Not enough stock for every line; nothing was reserved.', {
          errors: plan.short.map((s) => ({
            path: `lines.${s.index}`,
            message: `requested ${s.requested}, available ${s.available}`,
            productId: s.product.productId,
            requested: s.requested,
            available: s.available,
          })),
        });
      }

      const at = now.toISOString();
      const created: Reservation = {
        reservationId: input.reservationId,
        status: 'ACTIVE',
        lines: input.lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
        expiresAt: expiryFrom(now, deps.ttlSeconds),
        createdAt: at,
        updatedAt: at,
      };
      const result = await deps.store.write({
        changes: plan.changes,
        reservation: { kind: 'create', reservation: created },
        events: stockLowEvents(plan.changes, correlationId, now),
      });
      if (result === 'ok') return { reservation: created, deferred: plan.deferredReorders };
      if (result === 'released') {
        // The caller gave up on this id and released it before it existed; taking stock now would
        // leave it held by a reservation nobody will commit or release.
        throw new AppError(
          'conflict',
          `Reservation '${input.reservationId}' was released before it was made.`,
        );
      }
      // 'reservation_changed': the same id was created concurrently; the next round answers as a repeat.
      checkExisting = result === 'reservation_changed';
      return RETRY;
    });
    await openDeferredReorders(deps, reservation.deferred, correlationId);
    return reservation.reservation;
  };

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
