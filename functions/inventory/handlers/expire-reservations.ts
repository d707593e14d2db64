import { randomUUID } from 'node:crypto';
import { remainingMs } from '#lib/deadline.ts';
import { instrumented } from '#lib/instrumented.ts';
import { logger } from '#lib/observability.ts';
import { salesOrders } from '../adapters/sales-orders.ts';
import { deps, expiryGraceMs } from '../dependencies.ts';
import { makeCommitReservation } from '../use-cases/commit-reservation.ts';
import { makeExpireReservations } from '../use-cases/expire-reservations.ts';
import { makeReleaseReservation } from '../use-cases/release-reservation.ts';

const release = makeReleaseReservation(deps);
const expireReservations = makeExpireReservations({
  ...deps,
  sales: salesOrders,
  commit: makeCommitReservation(deps),
  graceMs: expiryGraceMs,
  // A page is started only with time left to settle it (each may ask Sales and write).
  hasTime: () => remainingMs() > 3_000,
  expire: (reservationId, actor) => release(reservationId, { to: 'EXPIRED', cancelledSale: false, actor }),
});

/** The schedule: every minute in AWS (every second locally). */
export const handler = instrumented(async () => {
  const outcome = await expireReservations(randomUUID());
  if (outcome.skipped.length > 0)
    logger.info('reservations left for the next run', { skipped: outcome.skipped });
  return outcome;
});
