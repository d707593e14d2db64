import { AppError, notFound } from '#lib/errors.ts';
import type { Page } from '#lib/pagination.ts';
import { invoiceOf, type Seller } from '../domain/invoice.ts';
import { type Order, type OrderView, orderView } from '../domain/order.ts';
import { type SalesReport, salesReport } from '../domain/report.ts';
import { type ReturnRecord, returnView } from '../domain/returns.ts';
import type { OrderStore } from '../ports.ts';

const MAX_REPORT_DAYS = 366;

export function makeGetOrder({ orders }: { orders: OrderStore }) {
  return async (orderId: string): Promise<OrderView> => {
    const found = await orders.getWithReturns(orderId);
    if (!found) throw notFound('Order', orderId);
    return orderView(found.order, found.returns.map(returnView));
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

export function makeListOrders({ orders }: { orders: OrderStore }) {
  return async (customerId: string, limit: number, cursor?: string): Promise<Page<OrderView>> => {
    const page = await orders.listByCustomer(customerId, limit, cursor);
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

export function makeSalesReport({ orders, currency }: { orders: OrderStore; currency: string }) {
  return async (from: Date, to: Date): Promise<SalesReport> => {
    const errors = [];
    if (from >= to) errors.push({ path: 'query.to', message: 'must be after from' });
    if (to.getTime() - from.getTime() > MAX_REPORT_DAYS * 86_400_000) {
      errors.push({ path: 'query.to', message: `the range must not exceed ${MAX_REPORT_DAYS} days` });
    }
    if (errors.length > 0)
      throw new AppError('validation_failed', 'The report range is not valid.', { errors });
    const [f, t] = [from.toISOString(), to.toISOString()];
    const [sold, returned] = await Promise.all([
      orders.createdBetween(f, t),
      orders.returnsCreatedBetween(f, t),
    ]);
    return salesReport(sold, returned, f, t, currency);
  };
}
