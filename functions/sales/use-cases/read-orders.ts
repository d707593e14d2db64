import { AppError, notFound } from '#lib/errors.ts';
import type { Page } from '#lib/pagination.ts';
import { invoiceOf, type Seller } from '../domain/invoice.ts';
import { type Order, type OrderStatus, type OrderView, orderView, withContact } from '../domain/order.ts';
import { type ReturnRecord, returnView } from '../domain/returns.ts';
import type { OrderStore } from '../ports.ts';

export function makeGetOrder({ orders }: { orders: OrderStore }) {
  return async (orderId: string): Promise<OrderView> => {
    const found = await orders.getWithReturns(orderId);
    if (!found) throw notFound('Order', orderId);
    return withContact(orderView(found.order, found.returns.map(returnView)), found.order);
  };
}

/** A return of an order, with the order (the credit note names its customer and invoice). */
export function makeGetReturn({ orders }: { orders: OrderStore }) {
  return async (orderId: string, returnId: string): Promise<{ record: ReturnRecord; order: Order }> => {
    const [record, order] = await Promise.all([orders.getReturn(orderId, returnId), orders.get(orderId)]);
    if (!record || !order) throw notFound('Return', returnId);
    return { record, order };
  };
}

/** Which orders a list shows: a customer's, or every order created in [from, to), of one status if given. */
export type OrderSelection =
  | { customerId: string }
  | { from: Date; to: Date; status?: OrderStatus | undefined };

/**
 * The selection a list query makes. The route's schema (listOrdersQuery) lets only one kind through,
 * complete, and the range within 31 days; anything else is refused here too.
 */
export function selectionOf(query: {
  customerId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  status?: OrderStatus | undefined;
}): OrderSelection {
  if (query.customerId !== undefined) return { customerId: query.customerId };
  if (query.from && query.to) return { from: query.from, to: query.to, status: query.status };
  throw new AppError('validation_failed', 'The request query is not valid.', {
    errors: [{ path: 'query.customerId', message: 'give customerId, or from and to' }],
  });
}

/** A page of a customer's orders, or of the orders of a range (newest first), as public views. */
export function makeListOrders({ orders }: { orders: OrderStore }) {
  return async (selection: OrderSelection, limit: number, cursor?: string): Promise<Page<OrderView>> => {
    const page =
      'customerId' in selection
        ? await orders.listByCustomer(selection.customerId, limit, cursor)
        : await orders.listCreatedBetween({
            from: selection.from.toISOString(),
            to: selection.to.toISOString(),
            status: selection.status,
            limit,
            cursor,
          });
    return { items: page.items.map((order) => orderView(order)), nextCursor: page.nextCursor };
  };
}

export function makeGetInvoice({ orders, seller }: { orders: OrderStore; seller: Seller }) {
  return async (orderId: string) => {
    const order = await orders.get(orderId);
    if (!order) throw notFound('Order', orderId);
    return invoiceOf(order, seller);
  };
}
