import { randomUUID } from 'node:crypto';
import { instrumented } from '#lib/instrumented.ts';
import { logger, MetricUnit, metrics } from '#lib/observability.ts';
import { salesOrders } from '../adapters/sales-orders.ts';
import { deps, expiryGraceMs } from '../dependencies.ts';
import { makeCommitReservation } from '../use-cases/commit-reservation.ts';
import { makeExpireReservations } from '../use-cases/expire-reservations.ts';
import { makeReleaseReservation } from '../use-cases/release-reservation.ts';

const release = makeReleaseReservation(deps);
const expireReservations = makeExpireReservations({
  store: deps.store,
  clock: deps.clock,
  sales: salesOrders,
  commit: makeCommitReservation(deps),
  graceMs: expiryGraceMs,
  expire: (reservationId) => release(reservationId, { to: 'EXPIRED', cancelledSale: false }),
});

/** The schedule: every minute in AWS (every second locally). */
export const handler = instrumented(async () => {
  const outcome = await expireReservations(randomUUID());
  metrics.addMetric('ReservationsExpired', MetricUnit.Count, outcome.expired.length);
  metrics.addMetric('ReservationsCommittedOnExpiry', MetricUnit.Count, outcome.committed.length);
  if (outcome.skipped.length > 0)
    logger.info('reservations left for the next run', { skipped: outcome.skipped });
  return outcome;
});
