import { randomUUID } from 'node:crypto';
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
  expire: (reservationId, actor) => release(reservationId, { to: 'EXPIRED', cancelledSale: false, actor }),
});

/** The schedule: every minute in AWS (every second locally). */
export const handler = instrumented(async () => {
  const outcome = await expireReservations(randomUUID());
  if (outcome.skipped.length > 0)
    logger.info('reservations left for the next run', { skipped: outcome.skipped });
  return outcome;
});
