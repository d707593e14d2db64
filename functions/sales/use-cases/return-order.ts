import { AppError, notFound } from '#lib/errors.ts';
import {
  planReturn,
  type ReturnRecord,
  type ReturnRequest,
  type ReturnView,
  returnRefundRequestId,
  returnView,
  sameReturn,
} from '../domain/returns.ts';
import type { Clock, OrderStore, PaymentGateway } from '../ports.ts';

interface Deps {
  orders: OrderStore;
  payments: PaymentGateway;
  clock: Clock;
}

/** The route's body. */
export interface ReturnInput {
  returnId: string;
  lines: { productId: string; quantity: number }[];
  restock: boolean;
  reason?: string | undefined;
}

const keyReused = (returnId: string) =>
  new AppError(
    'idempotency_key_reused',
    `Return '${returnId}' was already recorded with another request (order, lines, restock or reason).`,
  );

/**
 * A return, as a cancellation is: the state changes first, then the money. The store records the
 * return with its credit-note number, the order's returned quantities and status, the refund PENDING
 * and OrderReturned in one transaction (planned again from the order as it is whenever another change
 * got in first, so concurrent returns never return more than was bought). Then the refund goes to the
 * provider under a request id of this return and is recorded REFUNDED. The same return id with the
 * same request answers the return as recorded (completing a refund left PENDING by a crash), and
 * writes nothing; with another request → `409 idempotency_key_reused`.
 */
export function makeReturnOrder({ orders, payments, clock }: Deps) {
  async function recorded(orderId: string, input: ReturnInput, actor: string, correlationId: string) {
    const earlier = await orders.getReturn(orderId, input.returnId);
    if (earlier) return earlier;
    const order = await orders.get(orderId);
    if (!order) throw notFound('Order', orderId);
    const request: ReturnRequest = { ...input, actor, at: clock.now().toISOString() };
    const outcome = await orders.recordReturn(order, (now) => planReturn(now, request), correlationId);
    if ('takenBy' in outcome) throw keyReused(input.returnId);
    return 'recorded' in outcome ? outcome.recorded : outcome.existing;
  }

  async function refunded(record: ReturnRecord): Promise<ReturnRecord> {
    if (record.refundStatus !== 'PENDING') return record;
    const { orderId, returnId } = record;
    const { refundId } = await payments.refund({
      refundRequestId: returnRefundRequestId(orderId, returnId),
      paymentId: record.paymentId,
      amount: record.refund.amount,
      currency: record.refund.currency,
    });
    return (
      (await orders.completeReturnRefund(orderId, returnId, refundId)) ??
      (await orders.getReturn(orderId, returnId)) ??
      record
    );
  }

  return async function returnOrder(
    orderId: string,
    input: ReturnInput,
    actor: string,
    correlationId: string,
  ): Promise<ReturnView> {
    const record = await recorded(orderId, input, actor, correlationId);
    if (!sameReturn(record, orderId, input)) throw keyReused(input.returnId);
    return returnView(await refunded(record));
  };
}
