import type { Envelope } from '#lib/events/envelope.ts';
import type { Reservation } from '../domain/reservation.ts';
import { matchesFilter, type ProductFilter } from '../domain/search.ts';
import type { MovementEntry, Product, ProductImage, Reorder, ReorderStatus } from '../domain/stock.ts';
import type {
  ChangeStockResult,
  CommitResult,
  CreateProductResult,
  LedgerStore,
  MarkReleasedResult,
  OpenReorderResult,
  OrderStatus,
  ProductChange,
  ProductStore,
  ReceiveReorderResult,
  ReorderReceipt,
  ReorderStore,
  ReservationStore,
  ReserveResult,
  Restock,
  RestockResult,
  RestockStore,
  SalesOrders,
  StatusTransition,
  TransitionResult,
} from '../ports.ts';
import {
  ascending,
  copy,
  cursorOf,
  FakeTable,
  keyIn,
  pageOf,
  TRANSACTION_LIMIT,
  withoutChange,
} from './fake-table.ts';

export { CountingMetrics, FakeClock, sequentialIds } from '#test/support/fakes.ts';

export { FakeTable };

/**
 * In-memory fakes of the Inventory ports, for use-case tests (no DynamoDB). The store fakes share
 * one FakeTable as the DynamoDB stores share one table: a reservation takes the stock the product
 * store reads. Each write checks its conditions and applies all of its effects in one synchronous
 * step, as one conditional write or transaction does; other callers run only between calls.
 */

abstract class OnTable {
  readonly table: FakeTable;
  constructor(table: FakeTable) {
    this.table = table;
  }
}

export class FakeProducts extends OnTable implements ProductStore {
  async getProduct(productId: string) {
    const product = this.table.products.get(productId);
    return product && withoutChange(copy(product));
  }
  /** Filtered by the same rules as the DynamoDB store; the cursor is a position, matching or not. */
  async listProducts(limit: number, cursor?: string, filter: ProductFilter = {}) {
    const after = cursor === undefined ? '' : keyIn('products', cursor);
    const matching = [...this.table.products.values()]
      .filter((p) => p.productId > after && matchesFilter(p, filter))
      .sort((a, b) => ascending(a.productId, b.productId))
      .map((p) => withoutChange(copy(p)));
    const items = matching.slice(0, limit);
    const last = items.at(-1);
    return {
      items,
      nextCursor: matching.length > limit && last ? cursorOf('products', last.productId) : null,
    };
  }
  async createProduct(product: Product, initial: MovementEntry): Promise<CreateProductResult> {
    if (this.table.products.has(product.productId)) return { kind: 'exists' };
    this.table.products.set(product.productId, { ...copy(product), lastChange: copy(initial) });
    this.table.record(product, initial);
    return { kind: 'ok' };
  }
  async changeStock(change: ProductChange, ifVersion?: number): Promise<ChangeStockResult> {
    if (this.table.conflicted()) return { kind: 'retry' };
    const before = this.table.products.get(change.productId);
    if (!before) return { kind: 'not_found' };
    if (!this.table.allows(change, ifVersion)) {
      if (ifVersion !== undefined && before.version !== ifVersion) return { kind: 'version_moved' };
      return { kind: 'short', available: before.quantity };
    }
    return { kind: 'ok', product: withoutChange(copy(this.table.apply(change))) };
  }
  /** Counts its reads, as each costs a request in the DynamoDB store. */
  nameReads = 0;
  async getNames(productIds: readonly string[]) {
    this.nameReads++;
    return new Map(
      productIds.flatMap((id) => {
        const product = this.table.products.get(id);
        return product ? [[id, product.name] as const] : [];
      }),
    );
  }
}

const expirySortKey = (r: Reservation) => `${r.expiresAt}#${r.reservationId}`;

export class FakeReservations extends OnTable implements ReservationStore {
  async getReservation(reservationId: string) {
    const reservation = this.table.reservations.get(reservationId);
    return reservation && copy(reservation);
  }
  /** The cursor is the sort key of the page's last reservation, as DynamoDB's would be. */
  async dueReservations(now: Date, limit: number, cursor?: string) {
    const due = `${now.toISOString()}#~`;
    const all = [...this.table.reservations.values()]
      .filter(
        (r) => r.status === 'ACTIVE' && expirySortKey(r) <= due && (!cursor || expirySortKey(r) > cursor),
      )
      .sort((a, b) => ascending(expirySortKey(a), expirySortKey(b)));
    const items = all.slice(0, limit).map(copy);
    const last = items.at(-1);
    return { items, nextCursor: all.length > limit && last ? expirySortKey(last) : null };
  }
  async reserve(reservation: Reservation, changes: ProductChange[]): Promise<ReserveResult> {
    // What DynamoDB refuses outright: two writes of one item, or too many items, in one transaction.
    const products = new Set(changes.map((c) => c.productId));
    if (products.size < changes.length || changes.length + 2 > TRANSACTION_LIMIT) {
      throw new Error('ValidationException: not one valid transaction');
    }
    if (this.table.conflicted()) return { kind: 'retry' };
    if (this.table.released.has(reservation.reservationId)) return { kind: 'released' };
    if (this.table.reservations.has(reservation.reservationId)) return { kind: 'exists' };
    if (!changes.every((change) => this.table.allows(change))) return { kind: 'stock_refused' };
    for (const change of changes) this.table.apply(change);
    this.table.reservations.set(reservation.reservationId, copy(reservation));
    return { kind: 'ok' };
  }
  async commit(reservationId: string, at: string): Promise<CommitResult> {
    if (this.table.conflicted()) return { kind: 'retry' };
    const reservation = this.table.reservations.get(reservationId);
    if (!reservation) return { kind: 'not_found' };
    if (reservation.status !== 'ACTIVE') return { kind: 'not_active', reservation: copy(reservation) };
    reservation.status = 'COMMITTED';
    reservation.updatedAt = at;
    return { kind: 'ok', reservation: copy(reservation) };
  }
  async transition(transition: StatusTransition, changes: ProductChange[] = []): Promise<TransitionResult> {
    if (this.table.conflicted()) return { kind: 'retry' };
    const reservation = this.table.reservations.get(transition.reservationId);
    if (!reservation || !transition.from.includes(reservation.status)) return { kind: 'status_moved' };
    if (!changes.every((change) => this.table.allows(change))) {
      throw new Error('a stock increment failed its condition');
    }
    for (const change of changes) this.table.apply(change);
    reservation.status = transition.to;
    reservation.updatedAt = transition.at;
    return { kind: 'ok' };
  }
  async markReleased(reservationId: string): Promise<MarkReleasedResult> {
    if (this.table.conflicted()) return { kind: 'retry' };
    if (this.table.reservations.has(reservationId)) return { kind: 'exists' };
    this.table.released.add(reservationId);
    return { kind: 'ok' };
  }
}

export class FakeLedger extends OnTable implements LedgerStore {
  /** Every movement, exactly, newest first, settled or not (as the DynamoDB store lists them). */
  async listMovements(productId: string, limit: number, cursor?: string) {
    const listing = `movements of ${productId}`;
    const before = cursor === undefined ? Number.POSITIVE_INFINITY : Number(keyIn(listing, cursor));
    if (!this.table.products.has(productId)) return undefined;
    const items = this.table
      .movements(productId)
      .reverse()
      .filter((m) => m.version < before)
      .slice(0, limit);
    const last = items.at(-1);
    const more = items.length === limit && last !== undefined && last.version > 1;
    return { items, nextCursor: more ? cursorOf(listing, String(last.version)) : null };
  }
  /** Settling an image settles its version and every one before it (the store's rows are checked on DynamoDB Local). */
  async settle(images: readonly ProductImage[]) {
    for (const image of images) {
      const known = this.table.settledUpTo.get(image.productId) ?? 0;
      this.table.settledUpTo.set(image.productId, Math.max(known, image.version));
    }
    return [];
  }
}

export class FakeReorders extends OnTable implements ReorderStore {
  async getReorder(reorderId: string) {
    const reorder = this.table.reorders.get(reorderId);
    return reorder && copy(reorder);
  }
  async listReorders(limit: number, cursor?: string, status?: ReorderStatus) {
    const sorted = [...this.table.reorders.values()]
      .filter((r) => status === undefined || r.status === status)
      .sort((a, b) => ascending(b.reorderId, a.reorderId))
      .map(copy);
    return pageOf(`reorders ${status ?? 'all'}`, sorted, (r) => r.reorderId, limit, cursor);
  }
  async openReorder(reorder: Reorder, stockLow: Envelope): Promise<OpenReorderResult> {
    if (this.table.conflicted()) return { kind: 'retry' };
    const product = this.table.products.get(reorder.productId);
    const low =
      product !== undefined && product.openReorderId === null && product.quantity <= product.reorderPoint;
    if (!product || !low || this.table.reorders.has(reorder.reorderId)) return { kind: 'not_needed' };
    product.openReorderId = reorder.reorderId;
    this.table.reorders.set(reorder.reorderId, copy(reorder));
    this.table.outbox.push(copy(stockLow));
    return { kind: 'ok' };
  }
  async receiveReorder({
    reorderId,
    change,
    at,
    receivedBy,
    closesMarker,
  }: ReorderReceipt): Promise<ReceiveReorderResult> {
    if (this.table.conflicted()) return { kind: 'retry' };
    const reorder = this.table.reorders.get(reorderId);
    const product = this.table.products.get(change.productId);
    const markerMoved = closesMarker && product?.openReorderId !== reorderId;
    if (reorder?.status !== 'OPEN' || !this.table.allows(change) || markerMoved) return { kind: 'changed' };
    const received = this.table.apply(change);
    if (closesMarker) received.openReorderId = null;
    reorder.status = 'RECEIVED';
    reorder.receivedAt = at;
    reorder.receivedBy = receivedBy;
    return { kind: 'ok' };
  }
}

export class FakeRestocks extends OnTable implements RestockStore {
  async getRestock(orderId: string, returnId: string) {
    const restock = this.table.restocks.get(`${orderId}#${returnId}`);
    return restock && copy(restock);
  }
  async restock(restock: Restock, changes: ProductChange[]): Promise<RestockResult> {
    const products = new Set(changes.map((c) => c.productId));
    if (changes.length === 0 || products.size < changes.length || changes.length + 1 > TRANSACTION_LIMIT) {
      throw new Error('ValidationException: not one valid transaction');
    }
    if (this.table.conflicted()) return { kind: 'retry' };
    const key = `${restock.orderId}#${restock.returnId}`;
    if (this.table.restocks.has(key)) return { kind: 'done' };
    if (!changes.every((change) => this.table.allows(change))) return { kind: 'product_missing' };
    for (const change of changes) this.table.apply(change);
    this.table.restocks.set(key, copy(restock));
    return { kind: 'ok' };
  }
}

/** The five stores over one table (a fresh one unless given), and the table to arrange and inspect. */
export function fakeStores(table = new FakeTable()) {
  return {
    table,
    products: new FakeProducts(table),
    reservations: new FakeReservations(table),
    ledger: new FakeLedger(table),
    reorders: new FakeReorders(table),
    restocks: new FakeRestocks(table),
  };
}

export class FakeSalesOrders implements SalesOrders {
  answers = new Map<string, OrderStatus>();
  asked: string[] = [];
  down = false;
  async orderStatus(orderId: string) {
    this.asked.push(orderId);
    if (this.down) throw new Error('Sales is unreachable');
    return this.answers.get(orderId) ?? 'UNKNOWN';
  }
}
