import type { Money } from '#lib/money.ts';

export type OrderStatus = 'CONFIRMED' | 'CANCELLED';

export interface RequestedLine {
  productId: string;
  quantity: number;
  expectedUnitAmount?: number | undefined;
}

export interface OrderLine {
  productId: string;
  quantity: number;
  unitAmount: number;
  lineTotal: number;
  priceChanged: boolean;
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

export interface Order {
  orderId: string;
  status: OrderStatus;
  customerId: string;
  lines: OrderLine[];
  total: Money;
  invoiceNumber: number;
  createdAt: string;
  paymentId: string;
  cancelledAt?: string;
  refund?: Refund;
}

/** An order before the store has given it its invoice number. */
export type UnnumberedOrder = Omit<Order, 'invoiceNumber'>;

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

/** The public view of an order: what `POST` answers and `GET` shows. */
export function orderView(order: Order) {
  return {
    orderId: order.orderId,
    status: order.status,
    customerId: order.customerId,
    lines: order.lines.map(({ productId, quantity, unitAmount, lineTotal, priceChanged }) => ({
      productId,
      quantity,
      unitAmount,
      lineTotal,
      priceChanged,
    })),
    total: order.total,
    invoiceNumber: order.invoiceNumber,
    createdAt: order.createdAt,
    ...(order.cancelledAt ? { cancelledAt: order.cancelledAt } : {}),
    ...(order.refund ? { refund: order.refund } : {}),
  };
}

export type OrderView = ReturnType<typeof orderView>;

export const orderConfirmedData = (order: Order) => ({
  orderId: order.orderId,
  customerId: order.customerId,
  lines: order.lines.map(({ productId, quantity, unitAmount }) => ({ productId, quantity, unitAmount })),
  total: order.total,
  invoiceNumber: order.invoiceNumber,
});

export const orderCancelledData = (order: Order) => ({
  orderId: order.orderId,
  lines: order.lines.map(({ productId, quantity }) => ({ productId, quantity })),
});
