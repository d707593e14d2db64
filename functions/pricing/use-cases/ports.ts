import type { Envelope } from '#lib/events/envelope.ts';
import type { Page } from '#lib/pagination.ts';
import type { Promotion, PromotionStatus } from '../domain/promotion.ts';

/** The stored price of a product: its list price and the effective price last announced. */
export interface PriceRecord {
  productId: string;
  listAmount: number;
  currency: string;
  /** Effective price as of the last PriceChanged; the read path recomputes it at read time. */
  amount: number;
  promotionId: string | null;
  /** Grows by one with every PriceChanged of this product, never otherwise. */
  version: number;
  updatedAt: string;
}

export interface HistoryEntry {
  amount: number;
  currency: string;
  previousAmount: number | null;
  changedAt: string;
  version: number;
}

/** A promotion as stored: the domain promotion plus the schedule's bookkeeping. */
export interface StoredPromotion extends Promotion {
  /** The last transition the schedule (or a request) finished applying to the product prices. */
  phase: PromotionStatus;
  /** Revision for conditional writes: every change of the row bumps it. */
  rev: number;
}

/** What the price row points at: a promotion of this product and its planned window. */
export interface PromotionLink {
  promotionId: string;
  startsAt: string;
  endsAt: string;
}

export interface PriceState {
  price: PriceRecord | undefined;
  links: PromotionLink[];
}

export interface PriceWrite {
  next: PriceRecord;
  /** null: the product has no price yet. */
  expectedVersion: number | null;
  history?: HistoryEntry;
  event?: Envelope<'PriceChanged'>;
}

export interface PricingStore {
  readPriceState(productId: string): Promise<PriceState>;
  /** The ids among `productIds` that have a list price. */
  pricedProducts(productIds: readonly string[]): Promise<Set<string>>;
  /** false when the version moved since it was read (someone else changed the price first). */
  writePrice(write: PriceWrite): Promise<boolean>;
  listHistory(productId: string, limit: number, cursor: string | undefined): Promise<Page<HistoryEntry>>;

  createPromotion(promotion: StoredPromotion): Promise<void>;
  getPromotion(promotionId: string): Promise<StoredPromotion | undefined>;
  getPromotions(promotionIds: readonly string[]): Promise<StoredPromotion[]>;
  listPromotions(limit: number, cursor: string | undefined): Promise<Page<StoredPromotion>>;
  /** Promotions whose next transition is due at or before `now`, soonest first. */
  duePromotions(now: string, limit: number): Promise<StoredPromotion[]>;
  /** Marks it ended at `endedAt`, if still at revision `rev` and not ended; false otherwise. */
  endPromotion(promotionId: string, rev: number, endedAt: string): Promise<boolean>;
  /** Records that `phase` is applied, if still at revision `rev`; false otherwise. */
  advancePromotion(
    promotionId: string,
    rev: number,
    phase: PromotionStatus,
    nextDue: string | null,
  ): Promise<boolean>;
}

export type Clock = () => Date;
