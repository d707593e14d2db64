import { notFound } from '#lib/errors.ts';
import { type OrderView, orderView } from '../domain/order.ts';
import type { Clock, OrderStore, PaymentGateway } from '../ports.ts';

interface Deps {
  orders: OrderStore;
  payments: PaymentGateway;
  clock: Clock;
}

/**
 * CONFIRMED → CANCELLED with the refund and OrderCancelled in one transaction. Inventory returns the
 * stock when it consumes OrderCancelled, so Sales does not call it here. A second cancel, or one that
 * loses a race, answers with the order as it was cancelled.
 */
export function makeCancelOrder({ orders, payments, clock }: Deps) {
  return async function cancelOrder(orderId: string, correlationId: string): Promise<OrderView> {
    const order = await orders.get(orderId);
    if (!order) throw notFound('Order', orderId);
    if (order.status === 'CANCELLED') return orderView(order);
    // The simulator's refund id derives from the payment, so racing cancels record the same refund.
    const { refundId } = await payments.refund({
      paymentId: order.paymentId,
      amount: order.total.amount,
      currency: order.total.currency,
    });
    const refund = { refundId, amount: order.total, at: clock.now().toISOString() };
    const cancelled = (await orders.cancel(order, refund, correlationId)) ?? (await orders.get(orderId));
    if (!cancelled) throw notFound('Order', orderId);
    return orderView(cancelled);
  };
}
