import { eventConsumer } from '#lib/events/consumer.ts';
import { logger } from '#lib/observability.ts';
import { deps } from '../dependencies.ts';
import { makeCommitReservation } from '../use-cases/commit-reservation.ts';
import { makeOrderEventHandlers } from '../use-cases/handle-order-event.ts';
import { makeReleaseReservation } from '../use-cases/release-reservation.ts';

const commit = makeCommitReservation(deps);
const release = makeReleaseReservation(deps);
const orders = makeOrderEventHandlers({
  commit,
  // A cancelled sale gives its stock back even when already committed (the only such path).
  release: (reservationId) => release(reservationId, { to: 'RELEASED', cancelledSale: true }),
  warn: (message, detail) => logger.warn(message, detail),
});

/** OrderConfirmed → commit the reservation (id = orderId); OrderCancelled → release it. */
export const handler = eventConsumer({
  OrderConfirmed: (event) => orders.confirmed(event.data.orderId),
  OrderCancelled: (event) => orders.cancelled(event.data.orderId, event.correlationId),
});
