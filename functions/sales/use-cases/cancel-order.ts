import { notFound } from '#lib/errors.ts';
import { cancelRefundRequestId, type Order, type OrderView, orderView } from '../domain/order.ts';
import type { Clock, OrderStore, PaymentGateway } from '../ports.ts';

interface Deps {
  orders: OrderStore;
  payments: PaymentGateway;
  clock: Clock;
}

/**
 * The state changes first: CONFIRMED → CANCELLED with the refund PENDING and OrderCancelled in one
 * conditional write (Inventory returns the stock when it consumes the event). Only then is the money
 * refunded, under a request id of this order, so a cancel retried after a crash between the two, or
 * racing another, asks the provider again and is answered the same refund. A second cancel answers
 * with the order as it was cancelled.
 */
export function makeCancelOrder({ orders, payments, clock }: Deps) {
  const current = async (orderId: string): Promise<Order> => {
    const order = await orders.get(orderId);
    if (!order) throw notFound('Order', orderId);
    return order;
  };

  return async function cancelOrder(orderId: string, correlationId: string): Promise<OrderView> {
    let order = await current(orderId);
    if (order.status === 'CONFIRMED') {
      const refund = { status: 'PENDING' as const, amount: order.total, at: clock.now().toISOString() };
      order = (await orders.cancel(order, refund, correlationId)) ?? (await current(orderId));
    }
    if (order.refund?.status === 'PENDING') {
      const { refundId } = await payments.refund({
        refundRequestId: cancelRefundRequestId(orderId),
        paymentId: order.paymentId,
        amount: order.refund.amount.amount,
        currency: order.refund.amount.currency,
      });
      order = (await orders.completeRefund(orderId, refundId)) ?? (await current(orderId));
    }
    return orderView(order);
  };
}
