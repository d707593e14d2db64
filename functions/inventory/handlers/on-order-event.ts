import { eventConsumer } from '#lib/events/consumer.ts';
import { logger } from '#lib/observability.ts';
import { deps } from '../dependencies.ts';
import { makeCommitReservation } from '../use-cases/commit-reservation.ts';
import { makeOrderEventHandlers } from '../use-cases/handle-order-event.ts';
import { makeReleaseReservation } from '../use-cases/release-reservation.ts';
import { makeRestockReturn } from '../use-cases/restock-return.ts';

const commit = makeCommitReservation(deps);
const release = makeReleaseReservation(deps);
const orders = makeOrderEventHandlers({
  commit,
  // A cancelled sale gives its stock back even when already committed (the only such path).
  release: (reservationId, { lines, actor }) =>
    release(reservationId, { to: 'RELEASED', cancelledSale: true, cancelledLines: lines, actor }),
  restock: makeRestockReturn(deps),
  warn: (message, detail) => logger.warn(message, detail),
});

/**
 * OrderConfirmed → commit the reservation (id = orderId); OrderCancelled → release it; OrderReturned
 * with `restock` → its units back in stock, once per return.
 */
export const handler = eventConsumer({
  OrderConfirmed: (event) => orders.confirmed(event.data.orderId),
  OrderCancelled: (event) => orders.cancelled(event.data),
  OrderReturned: (event) => orders.returned(event.data),
});
