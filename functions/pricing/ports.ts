import type { Page } from '#lib/pagination.ts';
import type { HistoryEntry, PriceState, PriceWrite } from './domain/price.ts';
import type { PromotionStatus, StoredPromotion } from './domain/promotion.ts';

/**
 * The ports the Pricing use cases depend on; adapters live in adapters/ and store/, in-memory fakes
 * in use-cases/fakes.ts. The clock is the one of every service, `Clock` from '#lib/clock.ts'.
 * Conditional writes answer `false` when the condition failed (someone else moved first): the caller
 * re-reads and decides again.
 */

/** Prices and their history, one partition per product (which also holds its promotion links). */
export interface PriceStore {
  readState(productId: string): Promise<PriceState>;
  /** The ids among `productIds` that have a list price. */
  pricedProducts(productIds: readonly string[]): Promise<Set<string>>;
  /** All of the write or nothing; false when the version moved since it was read. */
  write(write: PriceWrite): Promise<boolean>;
  /** Newest first. */
  listHistory(productId: string, limit: number, cursor: string | undefined): Promise<Page<HistoryEntry>>;
}

export interface PromotionStore {
  /** Links the promotion to each of its products, then stores it, due at its next transition. */
  create(promotion: StoredPromotion): Promise<void>;
  get(promotionId: string): Promise<StoredPromotion | undefined>;
  /** Those of `promotionIds` that exist, in no particular order. */
  getMany(promotionIds: readonly string[]): Promise<StoredPromotion[]>;
  /** Newest first. */
  list(limit: number, cursor: string | undefined): Promise<Page<StoredPromotion>>;
  /** Promotions whose next transition is due at or before `now`, soonest first. */
  due(now: string, limit: number): Promise<StoredPromotion[]>;
  /**
   * Marks it ended at `endedAt` by `endedBy` (due then), if still at revision `rev` and not ended;
   * false otherwise.
   */
  end(promotionId: string, rev: number, endedAt: string, endedBy: string): Promise<boolean>;
  /** Records that `phase` is applied, next due at `nextDue`, if still at revision `rev`; false otherwise. */
  advance(promotionId: string, rev: number, phase: PromotionStatus, nextDue: string | null): Promise<boolean>;
}

export type PricingMetric = 'PriceChanged' | 'PromotionCreated' | 'PromotionTransitionsApplied';

export interface Metrics {
  count(name: PricingMetric, value?: number): void;
}

export interface Logger {
  info(message: string, attributes?: Record<string, unknown>): void;
}

/** A new unique id starting with `prefix`, sorting by creation time. */
export type NewId = (prefix: string) => string;
