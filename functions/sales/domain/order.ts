import { AppError } from '#lib/errors.ts';
import type { Money } from '#lib/money.ts';

/**
 * CONFIRMED when placed; PARTIALLY_RETURNED once some of its units came back, RETURNED once all did;
 * CANCELLED when what was not returned was cancelled.
 */
export const ORDER_STATUSES = ['CONFIRMED', 'PARTIALLY_RETURNED', 'RETURNED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface RequestedLine {
  productId: string;
  quantity: number;
  expectedUnitAmount?: number | undefined;
}

export interface OrderLine {
  productId: string;
  /** The product's name as Inventory gave it when the order was placed; kept if the product is renamed. */
  name?: string;
  quantity: number;
  unitAmount: number;
  lineTotal: number;
  priceChanged: boolean;
  /** Units of this line returned so far (absent: none). */
  returnedQuantity?: number;
}

/**
 * A refund is recorded PENDING with the state change it belongs to, then REFUNDED with the provider's
 * id once the provider took it: a crash between the two leaves it PENDING, and the next attempt asks
 * the provider again with the same request id, which the provider answers without paying twice.
 */
export interface Refund {
  status: 'PENDING' | 'REFUNDED';
  /** The provider's id, once REFUNDED. */
  refundId?: string;
  amount: Money;
  at: string;
}

/** The provider's idempotency key of the refund of a cancelled order. */
export const cancelRefundRequestId = (orderId: string) => `cancel-${orderId}`;

/** What a cancellation writes: written only if the order is still at `seenRevision`. */
export interface Cancellation {
  refund: Refund;
  actor: string;
  seenRevision: number;
}

/**
 * Where the customer is e-mailed the receipt (API.md, Sales). Personal data: kept on the order only,
 * shown only by `GET /sales/orders/{orderId}` (sales/read), never in an event, an answer to another
 * route or a log line.
 */
export interface Contact {
  email: string;
  name?: string;
}

export interface Order {
  orderId: string;
  status: OrderStatus;
  customerId: string;
  contact?: Contact;
  lines: OrderLine[];
  total: Money;
  /** The invoice series (série) the number is of; orders from before series existed are of series 1. */
  invoiceSeries: number;
  /** Gap-free and increasing within its series. */
  invoiceNumber: number;
  createdAt: string;
  paymentId: string;
  /** Who placed it (`principal.actor`); absent on orders placed before actors were recorded. */
  placedBy?: string;
  cancelledAt?: string;
  cancelledBy?: string;
  /** The refund of a cancellation: what was not returned before it. */
  refund?: Refund;
  /** Grows with every change after recording (a return, the cancellation); writes are conditioned on it. */
  revision?: number;
  /** The refunds of its returns, summed (absent: none). */
  returnedAmount?: number;
}

/** An order before the store has given it its invoice number. */
export type UnnumberedOrder = Omit<Order, 'invoiceSeries' | 'invoiceNumber'>;

export const MAX_QUANTITY = 1_000_000;

/** API.md's limit: Inventory reserves all of an order's lines in one transaction. */
export const MAX_ORDER_LINES = 50;

/**
 * A product listed twice becomes one line with the summed quantity. The first line's
 * `expectedUnitAmount` wins, since that is the price the client showed first.
 */
export function mergeLines(lines: readonly RequestedLine[]): RequestedLine[] {
  const merged = new Map<string, RequestedLine>();
  for (const line of lines) {
    const seen = merged.get(line.productId);
    if (seen) {
      seen.quantity += line.quantity;
      seen.expectedUnitAmount ??= line.expectedUnitAmount;
    } else {
      merged.set(line.productId, { ...line });
    }
  }
  return [...merged.values()];
}

/** The lines as charged: the unit price actually used, and whether the client expected another. */
export function priceLines(
  lines: readonly RequestedLine[],
  unitAmounts: ReadonlyMap<string, number>,
): OrderLine[] {
  return lines.map((line) => {
    const unitAmount = unitAmounts.get(line.productId);
    if (unitAmount === undefined) throw new Error(`no price for ${line.productId}`);
    return {
      productId: line.productId,
      quantity: line.quantity,
      unitAmount,
      lineTotal: unitAmount * line.quantity,
      priceChanged: line.expectedUnitAmount !== undefined && line.expectedUnitAmount !== unitAmount,
    };
  });
}

export const orderTotal = (lines: readonly OrderLine[], currency: string): Money => ({
  amount: lines.reduce((sum, line) => sum + line.lineTotal, 0),
  currency,
});

export const returnedOf = (line: OrderLine): number => line.returnedQuantity ?? 0;

/**
 * The public view of an order: what `POST` answers and `GET` shows, with its returns when they were
 * read (`GET` of the order, a cancel); lists show the lines' returned quantities but not the returns.
 * `returnedQuantity` is on every line once anything of the order was returned.
 */
export function orderView<R>(order: Order, returns?: readonly R[]) {
  // An order nothing was returned of looks as orders always did; once something was, every line says how much.
  const anyReturned = order.lines.some((line) => returnedOf(line) > 0);
  return {
    orderId: order.orderId,
    status: order.status,
    customerId: order.customerId,
    lines: order.lines.map((line) => ({
      productId: line.productId,
      // Orders placed before names were recorded show the id.
      name: line.name ?? line.productId,
      quantity: line.quantity,
      unitAmount: line.unitAmount,
      lineTotal: line.lineTotal,
      priceChanged: line.priceChanged,
      ...(anyReturned ? { returnedQuantity: returnedOf(line) } : {}),
    })),
    total: order.total,
    invoiceSeries: order.invoiceSeries,
    invoiceNumber: order.invoiceNumber,
    createdAt: order.createdAt,
    ...(order.placedBy ? { placedBy: order.placedBy } : {}),
    ...(order.cancelledAt ? { cancelledAt: order.cancelledAt } : {}),
    ...(order.cancelledBy ? { cancelledBy: order.cancelledBy } : {}),
    ...(order.refund ? { refund: order.refund } : {}),
    ...(returns ? { returns: [...returns] } : {}),
  };
}

export type OrderView = ReturnType<typeof orderView> & { contact?: Contact };

/** The order as `GET /sales/orders/{orderId}` shows it to sales/read: with its contact, when it has one. */
export const withContact = (view: OrderView, order: Order): OrderView =>
  order.contact ? { ...view, contact: order.contact } : view;

export const orderConfirmedData = (order: Order) => ({
  orderId: order.orderId,
  customerId: order.customerId,
  lines: order.lines.map(({ productId, quantity, unitAmount }) => ({ productId, quantity, unitAmount })),
  total: order.total,
  invoiceSeries: order.invoiceSeries,
  invoiceNumber: order.invoiceNumber,
  ...(order.placedBy ? { actor: order.placedBy } : {}),
  hasContact: order.contact !== undefined,
});

/** The units not returned: what a cancellation cancels. */
export const remainingLines = (order: Order) =>
  order.lines.flatMap((line) => {
    const quantity = line.quantity - returnedOf(line);
    return quantity > 0 ? [{ productId: line.productId, quantity }] : [];
  });

/**
 * The cancellation of `order` as it is now: what was not returned is cancelled and refunded (the total
 * less the refunds of its returns). A fully returned order has nothing left: `409 conflict`.
 */
export function planCancel(order: Order, actor: string, at: string): Cancellation {
  if (order.status === 'RETURNED') {
    throw new AppError(
      'conflict',
      `Order '${order.orderId}' was returned in full: nothing is left to cancel.`,
    );
  }
  const amount = order.total.amount - (order.returnedAmount ?? 0);
  return {
    refund: { status: 'PENDING', amount: { amount, currency: order.total.currency }, at },
    actor,
    seenRevision: order.revision ?? 0,
  };
}

/** OrderCancelled: the units it cancels (those not returned before) and who cancelled. */
export const orderCancelledData = (order: Order, actor: string) => ({
  orderId: order.orderId,
  lines: remainingLines(order),
  actor,
  hasContact: order.contact !== undefined,
});
