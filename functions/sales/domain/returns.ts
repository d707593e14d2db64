import { AppError, type FieldError } from '#lib/errors.ts';
import type { Money } from '#lib/money.ts';
import { type Order, type OrderLine, type OrderStatus, returnedOf } from './order.ts';

/** What the client asks for (the route's body), with who asks and when. */
export interface ReturnRequest {
  returnId: string;
  lines: { productId: string; quantity: number }[];
  restock: boolean;
  reason?: string | undefined;
  actor: string;
  at: string;
}

export interface ReturnLine {
  productId: string;
  quantity: number;
  refund: Money;
}

/**
 * A recorded return (a credit note). Its refund is recorded PENDING with the return and REFUNDED with
 * the provider's id once the provider took it, as for a cancellation.
 */
export interface ReturnRecord {
  returnId: string;
  orderId: string;
  lines: ReturnLine[];
  restock: boolean;
  reason?: string;
  refund: Money;
  creditNoteNumber: number;
  actor: string;
  createdAt: string;
  refundStatus: 'PENDING' | 'REFUNDED';
  refundId?: string;
  paymentId: string;
}

/** A return before the store has given it its credit-note number. */
export type UnnumberedReturn = Omit<ReturnRecord, 'creditNoteNumber'>;

/** What a return writes: the return, and the order as it is after it (written only if still at `seenRevision`). */
export interface PlannedReturn {
  record: UnnumberedReturn;
  order: Order;
  seenRevision: number;
}

/** The provider's idempotency key of a return's refund. */
export const returnRefundRequestId = (orderId: string, returnId: string) => `return-${orderId}-${returnId}`;

/**
 * The amount of units `from` … `from + count − 1` of a line, at the price charged: the line's total
 * split over its units without losing a centavo. Each unit is worth ⌊total / quantity⌋, and the first
 * `total mod quantity` units one centavo more; so the units of any sequence of returns that empties
 * the line add up to the line's total exactly.
 */
export function unitShares(lineTotal: number, quantity: number, from: number, count: number): number {
  if (!Number.isInteger(from) || !Number.isInteger(count) || from < 0 || count < 0 || from + count > quantity)
    throw new RangeError(`units ${from}..${from + count - 1} are not units of a line of ${quantity}`);
  const base = Math.floor(lineTotal / quantity);
  const extra = lineTotal - base * quantity;
  const withExtra = Math.max(0, Math.min(from + count, extra) - Math.min(from, extra));
  return base * count + withExtra;
}

const statusAfter = (lines: readonly OrderLine[]): OrderStatus =>
  lines.every((line) => returnedOf(line) === line.quantity) ? 'RETURNED' : 'PARTIALLY_RETURNED';

/**
 * The return `request` on `order` as it is now: the refund of each line (the next units of the line,
 * `unitShares`), the order's returned quantities and status after it. A cancelled order, a product not
 * on the order, or more units than were bought and not yet returned → `409 conflict` naming the lines.
 */
export function planReturn(order: Order, request: ReturnRequest): PlannedReturn {
  if (order.status === 'CANCELLED') {
    throw new AppError('conflict', `Order '${order.orderId}' is cancelled: it has nothing to return.`);
  }
  const currency = order.total.currency;
  const lines = order.lines.map((line) => ({ ...line }));
  const errors: FieldError[] = [];
  const returned: ReturnLine[] = [];
  request.lines.forEach(({ productId, quantity }, i) => {
    const line = lines.find((l) => l.productId === productId);
    if (!line) {
      errors.push({ path: `body.lines.${i}.productId`, message: 'is not on this order', productId });
      return;
    }
    const left = line.quantity - returnedOf(line);
    if (quantity > left) {
      errors.push({
        path: `body.lines.${i}.quantity`,
        message: `only ${left} of the ${line.quantity} units bought are left to return`,
        productId,
        returnable: left,
      });
      return;
    }
    const amount = unitShares(line.lineTotal, line.quantity, returnedOf(line), quantity);
    line.returnedQuantity = returnedOf(line) + quantity;
    returned.push({ productId, quantity, refund: { amount, currency } });
  });
  if (errors.length > 0) {
    throw new AppError('conflict', `The return does not fit what is left of order '${order.orderId}'.`, {
      errors,
    });
  }
  const refund = returned.reduce((sum, line) => sum + line.refund.amount, 0);
  const seenRevision = order.revision ?? 0;
  return {
    seenRevision,
    order: {
      ...order,
      lines,
      status: statusAfter(lines),
      revision: seenRevision + 1,
      returnedAmount: (order.returnedAmount ?? 0) + refund,
    },
    record: {
      returnId: request.returnId,
      orderId: order.orderId,
      lines: returned,
      restock: request.restock,
      ...(request.reason === undefined ? {} : { reason: request.reason }),
      refund: { amount: refund, currency },
      actor: request.actor,
      createdAt: request.at,
      refundStatus: 'PENDING',
      paymentId: order.paymentId,
    },
  };
}

const linesKey = (lines: readonly { productId: string; quantity: number }[]) =>
  JSON.stringify(
    lines.map(({ productId, quantity }) => [productId, quantity]).sort(([a], [b]) => (a! < b! ? -1 : 1)),
  );

/**
 * Whether a recorded return is the answer to this request: the same order, lines (in any order),
 * restock and reason. Who asks and when do not matter: a retry is the same return.
 */
export const sameReturn = (
  record: ReturnRecord,
  orderId: string,
  request: Pick<ReturnRequest, 'lines' | 'restock' | 'reason'>,
): boolean =>
  record.orderId === orderId &&
  record.restock === request.restock &&
  (record.reason ?? null) === (request.reason ?? null) &&
  linesKey(record.lines) === linesKey(request.lines);

/** The public view of a return: what `POST …/returns` answers and `GET` shows. */
export const returnView = (record: ReturnRecord) => ({
  returnId: record.returnId,
  orderId: record.orderId,
  lines: record.lines.map(({ productId, quantity, refund }) => ({ productId, quantity, refund })),
  restock: record.restock,
  reason: record.reason ?? null,
  refund: record.refund,
  creditNoteNumber: record.creditNoteNumber,
  actor: record.actor,
  createdAt: record.createdAt,
  refundStatus: record.refundStatus,
  ...(record.refundId ? { refundId: record.refundId } : {}),
});

export type ReturnView = ReturnType<typeof returnView>;

/** OrderReturned: the units, whether they go back on the shelf, the refund and the credit note. */
export const orderReturnedData = (record: ReturnRecord, hasContact: boolean) => ({
  orderId: record.orderId,
  returnId: record.returnId,
  lines: record.lines.map(({ productId, quantity, refund }) => ({ productId, quantity, refund })),
  restock: record.restock,
  refund: record.refund,
  creditNoteNumber: record.creditNoteNumber,
  actor: record.actor,
  hasContact,
});
