import { invalidCursor, type Page } from '#lib/pagination.ts';
import { type Cancellation, type Order, orderCancelledData, type UnnumberedOrder } from '../domain/order.ts';
import { orderReturnedData, type PlannedReturn, type ReturnRecord } from '../domain/returns.ts';
import type { CreatedBetweenQuery, OrderStore, ReturnOutcome } from '../ports.ts';

/**
 * The Sales table in memory, with the store's conditions: a change after recording is written only
 * while the order is open and at the revision it was planned from; a return id is taken once.
 */
export class FakeOrders implements OrderStore {
  orders = new Map<string, Order>();
  /** Type and order of each event written, in order. */
  events: { type: string; orderId: string }[] = [];
  /** The full payload of each event written, in order. */
  published: { type: string; data: Record<string, unknown> }[] = [];
  returns = new Map<string, ReturnRecord>();
  lastInvoice = 0;
  lastCreditNote = 0;
  failNextRecord = false;
  /** Runs just before a return is written: a test makes a concurrent change land there. */
  beforeReturnWrite: (() => void | Promise<void>) | undefined;

  byKey = new Map<string, string>();

  #publish(type: string, data: { orderId: string } & Record<string, unknown>) {
    this.events.push({ type, orderId: data.orderId });
    this.published.push({ type, data });
  }

  async recordConfirmed(order: UnnumberedOrder, _correlationId: string, key?: string) {
    if (this.failNextRecord) {
      this.failNextRecord = false;
      throw new Error('store unavailable');
    }
    const earlier = key === undefined ? undefined : this.byKey.get(key);
    if (earlier) return this.orders.get(earlier)!;
    if (key !== undefined) this.byKey.set(key, order.orderId);
    const numbered = { ...order, invoiceSeries: 1, invoiceNumber: ++this.lastInvoice };
    this.orders.set(order.orderId, numbered);
    this.#publish('OrderConfirmed', { orderId: order.orderId, actor: order.placedBy });
    return numbered;
  }
  async get(id: string) {
    return this.orders.get(id);
  }
  async getWithReturns(id: string) {
    const order = this.orders.get(id);
    if (!order) return undefined;
    const returns = [...this.returns.values()]
      .filter((r) => r.orderId === id)
      .sort((a, b) => a.creditNoteNumber - b.creditNoteNumber);
    return { order, returns };
  }
  /** The store's condition on a change planned from revision `seen`. */
  #open(orderId: string, seen: number): Order | undefined {
    const current = this.orders.get(orderId);
    const open = current?.status === 'CONFIRMED' || current?.status === 'PARTIALLY_RETURNED';
    return open && (current.revision ?? 0) === seen ? current : undefined;
  }
  async cancel(order: Order, cancellation: Cancellation) {
    const current = this.#open(order.orderId, cancellation.seenRevision);
    if (!current) return undefined;
    const { refund, actor } = cancellation;
    const cancelled: Order = {
      ...current,
      status: 'CANCELLED',
      cancelledAt: refund.at,
      cancelledBy: actor,
      refund,
      revision: cancellation.seenRevision + 1,
    };
    this.orders.set(order.orderId, cancelled);
    this.#publish('OrderCancelled', orderCancelledData(current, actor));
    return cancelled;
  }
  async completeRefund(orderId: string, refundId: string) {
    const current = this.orders.get(orderId);
    if (current?.refund?.status !== 'PENDING') return undefined;
    const refunded: Order = { ...current, refund: { ...current.refund, status: 'REFUNDED', refundId } };
    this.orders.set(orderId, refunded);
    return refunded;
  }
  async getReturn(orderId: string, returnId: string) {
    const found = this.returns.get(returnId);
    return found?.orderId === orderId ? found : undefined;
  }
  async recordReturn(order: Order, plan: (order: Order) => PlannedReturn): Promise<ReturnOutcome> {
    let planned = plan(order);
    for (;;) {
      await this.beforeReturnWrite?.();
      const taken = this.returns.get(planned.record.returnId);
      if (taken) return taken.orderId === order.orderId ? { existing: taken } : { takenBy: taken.orderId };
      if (!this.#open(order.orderId, planned.seenRevision)) {
        // The order changed since it was read: plan again from the order as it is now.
        planned = plan(this.orders.get(order.orderId)!);
        continue;
      }
      const record = { ...planned.record, creditNoteNumber: ++this.lastCreditNote };
      this.orders.set(order.orderId, planned.order);
      this.returns.set(record.returnId, record);
      this.#publish('OrderReturned', orderReturnedData(record, planned.order.contact !== undefined));
      return { recorded: record };
    }
  }
  async completeReturnRefund(orderId: string, returnId: string, refundId: string) {
    const current = await this.getReturn(orderId, returnId);
    if (current?.refundStatus !== 'PENDING') return undefined;
    const refunded: ReturnRecord = { ...current, refundStatus: 'REFUNDED', refundId };
    this.returns.set(returnId, refunded);
    return refunded;
  }
  async returnsCreatedBetween(from: string, to: string) {
    return [...this.returns.values()].filter((r) => r.createdAt >= from && r.createdAt < to);
  }
  /** Newest recorded first; the cursor is the position of the next order. */
  async listByCustomer(customerId: string, limit = 25, cursor?: string): Promise<Page<Order>> {
    const all = [...this.orders.values()].filter((o) => o.customerId === customerId).reverse();
    const start = cursor === undefined ? 0 : Number(cursor);
    if (!Number.isInteger(start) || start < 0) throw invalidCursor();
    const end = start + limit;
    return { items: all.slice(start, end), nextCursor: end < all.length ? String(end) : null };
  }
  /** Newest first, as gsi2 sorts (`createdAt#orderId`); the cursor is the position of the next order. */
  async listCreatedBetween({ from, to, status, limit, cursor }: CreatedBetweenQuery): Promise<Page<Order>> {
    const sortKey = (o: Order) => `${o.createdAt}#${o.orderId}`;
    const all = [...this.orders.values()]
      .filter((o) => o.createdAt >= from && o.createdAt < to && (status === undefined || o.status === status))
      .sort((a, b) => (sortKey(a) < sortKey(b) ? 1 : -1));
    const start = cursor === undefined ? 0 : Number(cursor);
    if (!Number.isInteger(start) || start < 0) throw invalidCursor();
    const end = start + limit;
    return { items: all.slice(start, end), nextCursor: end < all.length ? String(end) : null };
  }
  /** As the store's filter: all but orders cancelled with nothing returned. */
  async createdBetween(from: string, to: string) {
    return [...this.orders.values()].filter(
      (o) =>
        o.createdAt >= from && o.createdAt < to && (o.status !== 'CANCELLED' || (o.returnedAmount ?? 0) > 0),
    );
  }
}
