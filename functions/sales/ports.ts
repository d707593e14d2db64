import type { Page } from '#lib/pagination.ts';
import type { Order, Refund, UnnumberedOrder } from './domain/order.ts';
import type { CachedPrice } from './domain/price.ts';

/** The ports the Sales use cases depend on; adapters live in adapters/ and store/. */

export interface StockLine {
  productId: string;
  quantity: number;
}

export interface InventoryGateway {
  /**
   * All lines or none; throws `insufficient_stock` naming the short products, 503 when unreachable.
   * Answers when the reservation expires: an order is never recorded after that.
   */
  reserve(reservationId: string, lines: StockLine[], correlationId: string): Promise<{ expiresAt: string }>;
  commit(reservationId: string, correlationId: string): Promise<void>;
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
  /** `null` when Pricing has no price for the product; throws 503 when Pricing cannot answer. */
  currentPrice(productId: string, correlationId: string): Promise<PriceQuote | null>;
}

export interface PriceCache {
  getMany(productIds: string[]): Promise<Map<string, CachedPrice>>;
  /** Keeps the entry with the highest version; an older or equal one changes nothing. */
  putIfNewer(price: CachedPrice, options?: { refreshSameVersion?: boolean }): Promise<boolean>;
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
  refund(request: { paymentId: string; amount: number; currency: string }): Promise<{ refundId: string }>;
}

export interface OrderStore {
  /**
   * Allocates the next invoice number and records the order with its OrderConfirmed, atomically.
   * With an idempotency key, an order already recorded under that key (an earlier attempt that
   * crashed before its answer was kept) is returned instead, and nothing is written.
   */
  recordConfirmed(order: UnnumberedOrder, correlationId: string, idempotencyKey?: string): Promise<Order>;
  get(orderId: string): Promise<Order | undefined>;
  /** CONFIRMED → CANCELLED with its OrderCancelled; `undefined` when the order was not CONFIRMED. */
  cancel(order: Order, refund: Refund, correlationId: string): Promise<Order | undefined>;
  listByCustomer(customerId: string, limit: number, cursor: string | undefined): Promise<Page<Order>>;
  createdBetween(from: string, to: string): Promise<Order[]>;
}

export interface Clock {
  now(): Date;
}

export type BusinessMetric =
  | 'OrdersConfirmed'
  | 'OrdersRejectedStock'
  | 'PaymentsDeclined'
  | 'PriceCacheHit'
  | 'PriceCacheMiss'
  | 'PriceCacheFallback';

export interface Metrics {
  count(name: BusinessMetric, value?: number): void;
}
