import type { PaymentGateway } from '../ports.ts';

/** The token the simulator declines (API.md, order flow step 4). */
const DECLINED_TOKEN = 'tok_declined';

/**
 * A payment simulator, not a payment provider: it declines `tok_declined`, approves anything else,
 * and derives ids from what it is given so that repeating a call repeats its answer.
 */
export const paymentSimulator: PaymentGateway = {
  async charge({ orderId, token }) {
    if (token === DECLINED_TOKEN) return { approved: false, reason: 'card declined by the issuer' };
    return { approved: true, paymentId: `pay_${orderId}` };
  },
  /** The id derives from the request id, so asking again answers the same refund. */
  async refund({ refundRequestId }) {
    return { refundId: `ref_${refundRequestId}` };
  },
};
