/** A promotion takes either a percentage or a fixed amount off the list price, never both. */
export type Discount = { percentOff: number } | { amountOff: number };

export type PromotionStatus = 'SCHEDULED' | 'ACTIVE' | 'ENDED';

export interface Promotion {
  promotionId: string;
  name: string;
  productIds: string[];
  discount: Discount;
  /** ISO 8601 UTC, always in `Date#toISOString` form so stored times also sort as strings. */
  startsAt: string;
  endsAt: string;
  /** Set when the promotion was ended early (DELETE); it then stops at `endedAt`, not `endsAt`. */
  endedAt: string | null;
  createdAt: string;
}

/** A promotion as stored: the domain promotion plus the schedule's bookkeeping. */
export interface StoredPromotion extends Promotion {
  /** The last transition the schedule (or a request) finished applying to the product prices. */
  phase: PromotionStatus;
  /** Revision for conditional writes: every change of the row bumps it. */
  rev: number;
}

/** Times are normalised once on the way in, so every stored time compares correctly as a string. */
export const normaliseTime = (iso: string): string => new Date(iso).toISOString();

/** When the promotion stops applying: its planned end, or the moment it was ended early. */
export function effectiveEnd(promotion: Pick<Promotion, 'endsAt' | 'endedAt'>): string {
  return promotion.endedAt !== null && promotion.endedAt < promotion.endsAt
    ? promotion.endedAt
    : promotion.endsAt;
}

/** The window is half-open: a promotion applies from `startsAt` up to, not including, its end. */
export function statusAt(
  promotion: Pick<Promotion, 'startsAt' | 'endsAt' | 'endedAt'>,
  now: string,
): PromotionStatus {
  const end = effectiveEnd(promotion);
  if (now >= end) return 'ENDED';
  return now < promotion.startsAt ? 'SCHEDULED' : 'ACTIVE';
}

/**
 * The next moment a promotion in `phase` changes some effective price, or null when it never will again.
 * The schedule finds promotions through this time (a sparse index), so a start or end applies on its own.
 */
export function nextTransition(
  promotion: Pick<Promotion, 'startsAt' | 'endsAt' | 'endedAt'>,
  phase: PromotionStatus,
): string | null {
  if (phase === 'SCHEDULED') return promotion.startsAt;
  if (phase === 'ACTIVE') return effectiveEnd(promotion);
  return null;
}

export const discountFields = (discount: Discount): { percentOff: number } | { amountOff: number } =>
  'percentOff' in discount ? { percentOff: discount.percentOff } : { amountOff: discount.amountOff };
