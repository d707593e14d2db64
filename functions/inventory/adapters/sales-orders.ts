import { callService } from '#lib/http/service-client.ts';
import { isSold } from '../domain/reservation.ts';
import type { OrderStatus, SalesOrders } from '../ports.ts';

/** Sales over HTTP with Inventory's own token (scope sales/read). */
export const salesOrders: SalesOrders = {
  async orderStatus(orderId: string, correlationId: string): Promise<OrderStatus> {
    const { status, body } = await callService({
      method: 'GET',
      path: `/sales/orders/${encodeURIComponent(orderId)}`,
      correlationId,
      timeoutMs: 1500,
      retries: 1,
    });
    if (status === 404) return 'NONE';
    if (status !== 200) return 'UNKNOWN';
    const orderStatus = String((body as { status?: unknown } | undefined)?.status);
    // A status this code does not know is no reason to release stock: ask again next time.
    return isSold(orderStatus) || orderStatus === 'CANCELLED' ? orderStatus : 'UNKNOWN';
  },
};
