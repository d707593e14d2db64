import type { Envelope } from '#lib/events/envelope.ts';

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

/** One list-price change, kept for the history listing. */
export interface HistoryEntry {
  amount: number;
  currency: string;
  previousAmount: number | null;
  changedAt: string;
  version: number;
  /** Who set it (`user:…`, `client:…`); null on entries written before actors were recorded. */
  actor: string | null;
}

/** What the price row points at: a promotion of this product and its planned window. */
export interface PromotionLink {
  promotionId: string;
  startsAt: string;
  endsAt: string;
}

/** A product's price and its promotion links, read together (they share the product's partition). */
export interface PriceState {
  price: PriceRecord | undefined;
  links: PromotionLink[];
}

/** A new price version, with what goes with it atomically: its history entry and its PriceChanged. */
export interface PriceWrite {
  next: PriceRecord;
  /** The version read; null: the product has no price yet. */
  expectedVersion: number | null;
  history?: HistoryEntry;
  event?: Envelope<'PriceChanged'>;
}
