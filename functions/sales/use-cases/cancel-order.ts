import { RETRY, withRetries } from '#lib/dynamodb/backoff.ts';
import { notFound } from '#lib/errors.ts';
import { cancelRefundRequestId, type Order, type OrderView, orderView, planCancel } from '../domain/order.ts';
import { returnView } from '../domain/returns.ts';
import type { Clock, OrderStore, PaymentGateway } from '../ports.ts';

interface Deps {
  orders: OrderStore;
  payments: PaymentGateway;
  clock: Clock;
}

/**
 * The state changes first: CONFIRMED or PARTIALLY_RETURNED → CANCELLED with the refund PENDING, who
 * cancelled, and OrderCancelled in one write conditioned on the order's revision (Inventory returns
 * the stock when it consumes the event). What was returned before stays returned: the cancellation
 * covers the units not returned, and refunds the total less the returns' refunds; a fully returned
 * order has nothing to cancel (409). Only then is the money refunded, under a request id of this
 * order, so a cancel retried after a crash between the two, or racing another, asks the provider
 * again and is answered the same refund. A second cancel answers with the order as it was cancelled.
 */
export function makeCancelOrder({ orders, payments, clock }: Deps) {
  const current = async (orderId: string): Promise<Order> => {
    const order = await orders.get(orderId);
    if (!order) throw notFound('Order', orderId);
    return order;
  };

  return async function cancelOrder(
    orderId: string,
    actor: string,
    correlationId: string,
  ): Promise<OrderView> {
    // A return landing between the read and the write moves the revision on: plan again from it.
    let order = await withRetries(async () => {
      const order = await current(orderId);
      if (order.status === 'CANCELLED') return order;
      const cancellation = planCancel(order, actor, clock.now().toISOString());
      return (await orders.cancel(order, cancellation, correlationId)) ?? RETRY;
    });
    if (order.refund?.status === 'PENDING') {
      const { refundId } = await payments.refund({
        refundRequestId: cancelRefundRequestId(orderId),
        paymentId: order.paymentId,
        amount: order.refund.amount.amount,
        currency: order.refund.amount.currency,
      });
      order = (await orders.completeRefund(orderId, refundId)) ?? (await current(orderId));
    }
    const withReturns = await orders.getWithReturns(orderId);
    return orderView(withReturns?.order ?? order, (withReturns?.returns ?? []).map(returnView));
  };
}
