import type { Clock } from '#lib/clock.ts';
import type { Page } from '#lib/pagination.ts';
import type { Cancellation, Order, OrderStatus, UnnumberedOrder } from './domain/order.ts';
import type { Granularity } from './domain/periods.ts';
import type { CachedPrice } from './domain/price.ts';
import type { Range } from './domain/report-plan.ts';
import type { PlannedReturn, ReturnRecord } from './domain/returns.ts';
import type { PeriodRollup, RollupPart } from './domain/rollup.ts';

/** The ports the Sales use cases depend on; adapters live in adapters/ and store/. */

export interface StockLine {
  productId: string;
  quantity: number;
}

/** Inventory's answer to a reservation: when it runs out, and the products' names as Inventory has them. */
export interface Reservation {
  expiresAt: string;
  /** productId → name; a product Inventory named nothing is absent (its receipt line shows the id). */
  names: ReadonlyMap<string, string>;
}

export interface InventoryGateway {
  /**
   * All lines or none; throws `insufficient_stock` naming the short products, 503 when unreachable.
   * Answers when the reservation expires (an order is never recorded after that) and the names of the
   * products, which the order keeps for its receipts.
   */
  reserve(reservationId: string, lines: StockLine[], correlationId: string): Promise<Reservation>;
  release(reservationId: string, correlationId: string): Promise<void>;
}

/** Pricing's own answer for a product's current effective price. */
export interface PriceQuote {
  productId: string;
  amount: number;
  currency: string;
  listAmount: number;
  version: number;
}

export interface PricingGateway {
  /**
   * Pricing's current prices of all of `productIds` in one request; a product Pricing has no price
   * for is absent. Throws 503 `dependency_unavailable` whenever Pricing cannot answer (unreachable,
   * slow, overloaded, or refusing this service's credentials), so the cached fallback applies.
   */
  currentPrices(
    productIds: readonly string[],
    correlationId: string,
    /**
     * `patient`: no cached price could stand in if Pricing is slow, so waiting longer is better than
     * failing the sale (a slow answer is still a sale; no answer is a 503).
     */
    options?: { patient?: boolean },
  ): Promise<Map<string, PriceQuote>>;
}

export interface PriceCache {
  getMany(productIds: string[]): Promise<Map<string, CachedPrice>>;
  /** An event's price: kept only over an entry of a lower version, so repeats and reorders change nothing. */
  putIfNewer(price: CachedPrice): Promise<boolean>;
  /**
   * Pricing's own answer to a question asked at `askedAt`: it replaces an entry of its version or lower,
   * and any entry known current only before the question was asked (a version Pricing itself did not
   * have then was never Pricing's).
   */
  putFromPricing(price: CachedPrice, askedAt: string): Promise<boolean>;
}

/** Prices the products of an order: productId → unit amount charged. */
export interface PriceSource {
  unitPrices(productIds: string[], correlationId: string): Promise<Map<string, number>>;
}

export type ChargeResult = { approved: true; paymentId: string } | { approved: false; reason: string };

export interface PaymentGateway {
  charge(request: {
    orderId: string;
    amount: number;
    currency: string;
    token: string;
  }): Promise<ChargeResult>;
  /**
   * Refunds at most once per `refundRequestId`, however often it is asked (a real provider's
   * idempotency key): asking again answers the first refund's id.
   */
  refund(request: {
    refundRequestId: string;
    paymentId: string;
    amount: number;
    currency: string;
  }): Promise<{ refundId: string }>;
}

/**
 * What recording a return came to: recorded with its credit-note number; or a return of that id was
 * already recorded on this order (`existing`, the caller compares the requests) or on another order
 * (`takenBy`), and nothing was written.
 */
export type ReturnOutcome = { recorded: ReturnRecord } | { existing: ReturnRecord } | { takenBy: string };

/** A page of the orders created in [from, to) (ISO instants), optionally of one status. */
export interface CreatedBetweenQuery {
  from: string;
  to: string;
  status?: OrderStatus | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface OrderStore {
  /**
   * Allocates the next invoice number and records the order with its OrderConfirmed, atomically.
   * With an idempotency key, an order already recorded under that key (an earlier attempt that
   * crashed before its answer was kept) is returned instead, and nothing is written.
   */
  recordConfirmed(order: UnnumberedOrder, correlationId: string, idempotencyKey?: string): Promise<Order>;
  get(orderId: string): Promise<Order | undefined>;
  /** The order and its returns, oldest credit note first. */
  getWithReturns(orderId: string): Promise<{ order: Order; returns: ReturnRecord[] } | undefined>;
  /**
   * CONFIRMED or PARTIALLY_RETURNED → CANCELLED with its refund PENDING, who cancelled, and its
   * OrderCancelled (the units not returned), in one write; `undefined` when the order is no longer at
   * the revision the cancellation was planned from (someone else changed it first).
   */
  cancel(order: Order, cancellation: Cancellation, correlationId: string): Promise<Order | undefined>;
  /** PENDING → REFUNDED with the provider's id; `undefined` when the refund was not PENDING. */
  completeRefund(orderId: string, refundId: string): Promise<Order | undefined>;
  getReturn(orderId: string, returnId: string): Promise<ReturnRecord | undefined>;
  /**
   * Records `plan(order)` with the next credit-note number, atomically: the return, the order's
   * returned quantities and status, the refund PENDING, OrderReturned. When the order changed since
   * it was read, `plan` is called again with the order as it is now, and may throw (the return no
   * longer fits). The number is gap-free: a return that is not recorded never takes one.
   */
  recordReturn(
    order: Order,
    plan: (order: Order) => PlannedReturn,
    correlationId: string,
  ): Promise<ReturnOutcome>;
  /** The return's refund PENDING → REFUNDED; `undefined` when it was not PENDING. */
  completeReturnRefund(
    orderId: string,
    returnId: string,
    refundId: string,
  ): Promise<ReturnRecord | undefined>;
  /** Returns created in [from, to), of orders placed at any time. */
  returnsCreatedBetween(from: string, to: string): Promise<ReturnRecord[]>;
  listByCustomer(customerId: string, limit: number, cursor: string | undefined): Promise<Page<Order>>;
  /**
   * Every order created in [from, to), newest first, `limit` a page (fewer only on the last, or when
   * the request's deadline is near), of one status when given; the cursor is opaque and a foreign
   * one is `invalidCursor`.
   */
  listCreatedBetween(query: CreatedBetweenQuery): Promise<Page<Order>>;
  /** Orders created in [from, to) that sold something (all but those cancelled with nothing returned). */
  createdBetween(from: string, to: string): Promise<Order[]>;
}

/** The rollups the sales report reads (`store/rollup-store.ts`; `domain/rollup.ts`). */
export interface RollupReader {
  /** The generation reports read now (`domain/rollup-generations.ts`). */
  currentGeneration(): Promise<string>;
  /** The rollups of the periods starting in [from, to), oldest first; a period nothing counted in is absent. */
  rollups(generation: string, granularity: Granularity, range: Range): Promise<PeriodRollup[]>;
}

/** What the stream consumer of the Sales table writes the rollups with. */
export interface RollupWriter {
  /**
   * Adds each part once to each generation that takes it (`generationsFor`), however often it is
   * delivered. `undefined` when every part is applied; else the index of the first part that may not
   * be (those before it are), and why.
   */
  apply(parts: readonly RollupPart[]): Promise<{ failedFrom: number; cause: unknown } | undefined>;
}

/** The one clock of every service (`#lib/clock.ts`), named here with the other ports. */
export type { Clock };

export type BusinessMetric =
  | 'OrdersConfirmed'
  | 'OrdersRejectedStock'
  | 'PaymentsDeclined'
  | 'PriceCacheHit'
  | 'PriceCacheMiss'
  | 'PriceCacheFallback';

/** What the use cases log; Powertools' Logger is one. */
export interface Logger {
  warn(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

export interface Metrics {
  count(name: BusinessMetric, value?: number): void;
}
