import type { Envelope } from '#lib/events/envelope.ts';
import type { Page } from '#lib/pagination.ts';
import type { Reservation, ReservationStatus, SoldOrderStatus } from './domain/reservation.ts';
import type { ProductFilter } from './domain/search.ts';
import type {
  Movement,
  MovementEntry,
  Product,
  ProductImage,
  Reorder,
  ReorderStatus,
} from './domain/stock.ts';

export type { Clock } from '#lib/clock.ts';

/**
 * The ports the Inventory use cases depend on; the DynamoDB adapters live in store/, the others in
 * adapters/, the in-memory fakes in use-cases/fakes.ts. Every store write answers with a small
 * discriminated union: `ok` (with its data), or why not. `retry` means DynamoDB saw a conflicting
 * concurrent write: nothing was written, and the same write may simply be sent again.
 */
type Retry = { kind: 'retry' };

/** One stock change of one product, as a write applies it. */
export interface ProductChange {
  productId: string;
  entry: MovementEntry;
}

export type CreateProductResult = { kind: 'ok' } | { kind: 'exists' };

export type ChangeStockResult =
  | { kind: 'ok'; product: Product }
  | { kind: 'short'; available: number }
  | { kind: 'version_moved' }
  | { kind: 'not_found' }
  | Retry;

export interface ProductStore {
  getProduct(productId: string): Promise<Product | undefined>;
  /**
   * Sorted by productId; with a filter, only the products it matches (domain/search.ts). A filtered
   * page holds `limit` matches unless the listing ends, or the request's time runs out, first.
   */
  listProducts(limit: number, cursor?: string, filter?: ProductFilter): Promise<Page<Product>>;
  /** A new product at version 1, `initial` its first movement; `exists` when the id is taken. */
  createProduct(product: Product, initial: MovementEntry): Promise<CreateProductResult>;
  /**
   * One stock change as a single atomic update: never below zero, and, with `ifVersion`, only if
   * nothing changed the product since that version was read (a stock count).
   */
  changeStock(change: ProductChange, ifVersion?: number): Promise<ChangeStockResult>;
  /** The names of those products that exist, by id, in one read. */
  getNames(productIds: readonly string[]): Promise<Map<string, string>>;
}

/** `stock_refused`: a line's product is unknown or short; which one is for the caller to read. */
export type ReserveResult =
  | { kind: 'ok' }
  | { kind: 'stock_refused' }
  | { kind: 'exists' }
  | { kind: 'released' }
  | Retry;

export interface StatusTransition {
  reservationId: string;
  from: ReservationStatus[];
  to: ReservationStatus;
  at: string;
}

/** `status_moved`: the reservation is missing or no longer in one of the `from` statuses. */
export type TransitionResult = { kind: 'ok' } | { kind: 'status_moved' } | Retry;

/** `not_active`: the reservation is in another status (as it stands); committing it changed nothing. */
export type CommitResult =
  | { kind: 'ok'; reservation: Reservation }
  | { kind: 'not_active'; reservation: Reservation }
  | { kind: 'not_found' }
  | Retry;

/** `exists`: the reservation was created meanwhile; release it instead. */
export type MarkReleasedResult = { kind: 'ok' } | { kind: 'exists' } | Retry;

export interface ReservationStore {
  getReservation(reservationId: string): Promise<Reservation | undefined>;
  /** ACTIVE reservations whose expiresAt is at or before `now`, soonest-expired first. */
  /** ACTIVE reservations due at `now`, soonest first, a page at a time (`cursor` from the last page). */
  dueReservations(now: Date, limit: number, cursor?: string): Promise<Page<Reservation>>;
  /**
   * All or nothing: takes every line's stock (each only if enough is left) and creates the
   * reservation, only if its id is new and was not released before it existed.
   */
  reserve(reservation: Reservation, changes: ProductChange[]): Promise<ReserveResult>;
  /** ACTIVE → COMMITTED in one conditional write, which also says how it stands when it is not ACTIVE. */
  commit(reservationId: string, at: string): Promise<CommitResult>;
  /** Moves the status (the condition that makes it happen once) and, with it, gives back `changes`. */
  transition(transition: StatusTransition, changes?: ProductChange[]): Promise<TransitionResult>;
  /** Records a release of an id no reservation has, so a create arriving later takes no stock. */
  markReleased(reservationId: string, now: Date): Promise<MarkReleasedResult>;
}

/** Versions of a product the settle found nothing for (domain/ledger.ts `missing`): logged, never guessed. */
export interface UnsettledVersions {
  productId: string;
  versions: number[];
}

export interface LedgerStore {
  /** The ledger of one product, newest first, pending movements included; undefined for an unknown product. */
  listMovements(productId: string, limit: number, cursor?: string): Promise<Page<Movement> | undefined>;
  /**
   * Settles stream images (each the product as one change left it, in stream order, any products)
   * into ledger rows keyed by version, then deletes their pending rows: settling the same images
   * again writes the same rows.
   */
  settle(images: readonly ProductImage[]): Promise<UnsettledVersions[]>;
}

/** `not_needed`: the product has a reorder open, is above its reorder point, or is gone. */
export type OpenReorderResult = { kind: 'ok' } | { kind: 'not_needed' } | Retry;

/** `changed`: the reorder is no longer OPEN, or the product moved on; read again. */
export type ReceiveReorderResult = { kind: 'ok' } | { kind: 'changed' } | Retry;

export interface ReorderReceipt {
  reorderId: string;
  change: ProductChange;
  at: string;
  receivedBy: string;
  /** The product's open-reorder marker names this reorder: the receipt clears it. */
  closesMarker: boolean;
}

export interface ReorderStore {
  getReorder(reorderId: string): Promise<Reorder | undefined>;
  /** Newest first, optionally only those of one status. */
  listReorders(limit: number, cursor?: string, status?: ReorderStatus): Promise<Page<Reorder>>;
  /** Opens the reorder with its StockLow, only while the product has none open and is still low. */
  openReorder(reorder: Reorder, stockLow: Envelope): Promise<OpenReorderResult>;
  /** OPEN → RECEIVED (once) with its stock, atomically. */
  receiveReorder(receipt: ReorderReceipt): Promise<ReceiveReorderResult>;
}

/** A return's units back in stock, as its marker records it. */
export interface Restock {
  orderId: string;
  returnId: string;
  /** The lines put back (those of products Inventory knows). */
  lines: { productId: string; quantity: number }[];
  actor: string;
  at: string;
}

/**
 * `done`: this return was restocked before (its marker exists), nothing changed now.
 * `product_missing`: a line's product does not exist; nothing was written.
 */
export type RestockResult = { kind: 'ok' } | { kind: 'done' } | { kind: 'product_missing' } | Retry;

export interface RestockStore {
  getRestock(orderId: string, returnId: string): Promise<Restock | undefined>;
  /** The return's marker, only if new, and every change, all or none. */
  restock(restock: Restock, changes: ProductChange[]): Promise<RestockResult>;
}

/**
 * What Sales knows about the order behind a reservation (reservation id = order id): its status, or
 * NONE / UNKNOWN. A returned order (partly or fully) is a sale that happened: its returns move stock
 * through OrderReturned, never through the reservation.
 */
export type OrderStatus = SoldOrderStatus | 'CANCELLED' | 'NONE' | 'UNKNOWN';

export interface SalesOrders {
  /** NONE: Sales has no such order (404). UNKNOWN: Sales could not say (down, 5xx, an in-flight order). */
  orderStatus(orderId: string, correlationId: string): Promise<OrderStatus>;
}

export type BusinessMetric = 'ReservationsExpired' | 'ReservationsCommittedOnExpiry';

export interface Metrics {
  count(name: BusinessMetric, value?: number): void;
}

export type NewId = (prefix: string) => string;
