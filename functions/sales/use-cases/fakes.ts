import { AppError } from '#lib/errors.ts';
import { invalidCursor, type Page } from '#lib/pagination.ts';
import { paymentSimulator } from '../adapters/payment-simulator.ts';
import { type Cancellation, type Order, orderCancelledData, type UnnumberedOrder } from '../domain/order.ts';
import type { CachedPrice } from '../domain/price.ts';
import type { Range } from '../domain/report-plan.ts';
import { orderReturnedData, type PlannedReturn, type ReturnRecord } from '../domain/returns.ts';
import { addPart, type Granularity, type PeriodRollup, type RollupPart } from '../domain/rollup.ts';
import { FIRST_POINTER, generationsFor, type RollupPointer } from '../domain/rollup-generations.ts';
import type {
  CreatedBetweenQuery,
  InventoryGateway,
  Logger,
  OrderStore,
  PaymentGateway,
  PriceCache,
  PriceQuote,
  PriceSource,
  PricingGateway,
  ReturnOutcome,
  RollupReader,
  RollupWriter,
  StockLine,
} from '../ports.ts';

export { CountingMetrics, FakeClock, sequentialIds } from '#test/support/fakes.ts';

export class FakeInventory implements InventoryGateway {
  stock = new Map<string, number>();
  reservations = new Map<string, { lines: StockLine[]; status: 'ACTIVE' | 'COMMITTED' | 'RELEASED' }>();
  down = false;
  calls: string[] = [];
  expiresAt = '2999-01-01T00:00:00.000Z';
  /** The names Inventory answers a reservation with. */
  names = new Map<string, string>();

  async reserve(id: string, lines: StockLine[]) {
    this.calls.push(`reserve ${id}`);
    if (this.down) throw new AppError('dependency_unavailable', 'down');
    const short = lines.filter((l) => (this.stock.get(l.productId) ?? 0) < l.quantity);
    if (short.length > 0) {
      throw new AppError('insufficient_stock', 'short', {
        errors: short.map((l) => ({ path: l.productId, message: 'short' })),
      });
    }
    for (const l of lines) this.stock.set(l.productId, (this.stock.get(l.productId) ?? 0) - l.quantity);
    this.reservations.set(id, { lines, status: 'ACTIVE' });
    return { expiresAt: this.expiresAt, names: new Map(this.names) };
  }
  async release(id: string) {
    this.calls.push(`release ${id}`);
    const r = this.reservations.get(id);
    if (r?.status !== 'ACTIVE') return;
    for (const l of r.lines) this.stock.set(l.productId, (this.stock.get(l.productId) ?? 0) + l.quantity);
    r.status = 'RELEASED';
  }
}

export class FakePricing implements PricingGateway {
  prices = new Map<string, PriceQuote>();
  down = false;
  calls = 0;
  set(productId: string, amount: number, version = 1) {
    this.prices.set(productId, { productId, amount, currency: 'BRL', listAmount: amount, version });
  }
  requested: string[][] = [];
  /** Whether each request could wait longer (no cached price to fall back on). */
  patience: boolean[] = [];
  async currentPrices(
    productIds: readonly string[],
    _correlationId?: string,
    options: { patient?: boolean } = {},
  ) {
    this.calls++;
    this.requested.push([...productIds]);
    this.patience.push(options.patient ?? false);
    if (this.down) throw new AppError('dependency_unavailable', 'down');
    return new Map(
      productIds.flatMap((id) => (this.prices.has(id) ? [[id, this.prices.get(id)!] as const] : [])),
    );
  }
}

export class FakePriceCache implements PriceCache {
  entries = new Map<string, CachedPrice>();
  async getMany(ids: string[]) {
    return new Map(ids.flatMap((id) => (this.entries.has(id) ? [[id, this.entries.get(id)!] as const] : [])));
  }
  async putIfNewer(price: CachedPrice) {
    const old = this.entries.get(price.productId);
    if (old && old.version >= price.version) return false;
    this.entries.set(price.productId, price);
    return true;
  }
  async putFromPricing(price: CachedPrice, askedAt: string) {
    const old = this.entries.get(price.productId);
    if (old && old.version > price.version && old.currentAt >= askedAt) return false;
    this.entries.set(price.productId, price);
    return true;
  }
}

/** Fixed unit prices; a product without one cannot be sold, as with the real source. */
export class FakePriceSource implements PriceSource {
  prices = new Map<string, number>();
  async unitPrices(productIds: string[]) {
    const unpriced = productIds.filter((id) => !this.prices.has(id));
    if (unpriced.length > 0) throw new AppError('conflict', `No price is set for: ${unpriced.join(', ')}`);
    return new Map(productIds.map((id) => [id, this.prices.get(id)!] as const));
  }
}

/** The payment simulator itself, recording what it was asked. */
export class FakePayments implements PaymentGateway {
  charges: string[] = [];
  refunds: string[] = [];
  charge: PaymentGateway['charge'] = (request) => {
    this.charges.push(request.orderId);
    return paymentSimulator.charge(request);
  };
  /** Every refund request, repeats included; `refunds` has each refund the provider paid, once. */
  refundRequests: string[] = [];
  /** Makes the next refund request fail as an unreachable provider would. */
  failNextRefund = false;
  #paid = new Set<string>();
  refund: PaymentGateway['refund'] = async (request) => {
    this.refundRequests.push(request.refundRequestId);
    if (this.failNextRefund) {
      this.failNextRefund = false;
      throw new Error('payment provider unreachable');
    }
    // A provider's idempotency key: a request id it has paid is answered, not paid again.
    if (!this.#paid.has(request.refundRequestId)) {
      this.#paid.add(request.refundRequestId);
      this.refunds.push(request.paymentId);
    }
    return paymentSimulator.refund(request);
  };
}

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

/** Keeps what was logged, to look at in a test. */
export class RecordingLogger implements Logger {
  lines: { level: 'warn' | 'error'; message: string; attributes: Record<string, unknown> }[] = [];
  warn(message: string, attributes: Record<string, unknown> = {}) {
    this.lines.push({ level: 'warn', message, attributes });
  }
  error(message: string, attributes: Record<string, unknown> = {}) {
    this.lines.push({ level: 'error', message, attributes });
  }
}

/**
 * The rollups in memory, as the store keeps them: per generation, a rollup per hour and per day, and
 * each change applied once (its marker), to the generations the pointer gives it.
 */
export class FakeRollups implements RollupReader, RollupWriter {
  pointer: RollupPointer = FIRST_POINTER;
  /** generation → `granularity#start` → rollup */
  generations = new Map<string, Map<string, PeriodRollup>>();
  applied = new Set<string>();
  /** Rollups read, for a test of what a report costs. */
  read = 0;

  async currentGeneration() {
    return this.pointer.current.id;
  }
  async rollups(generation: string, granularity: Granularity, { from, to }: Range) {
    const found = [...(this.generations.get(generation)?.values() ?? [])]
      .filter((r) => r.granularity === granularity && r.start >= from && r.start < to)
      .sort((a, b) => (a.start < b.start ? -1 : 1));
    this.read += found.length;
    return found;
  }
  async apply(parts: readonly RollupPart[]) {
    for (const part of parts) {
      if (this.applied.has(part.id)) continue;
      this.applied.add(part.id);
      for (const generation of generationsFor(part, this.pointer)) {
        const rollups = this.generations.get(generation) ?? new Map<string, PeriodRollup>();
        this.generations.set(generation, rollups);
        addPart(rollups, part);
      }
    }
    return undefined;
  }
}
