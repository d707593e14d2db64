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
  /** The actor who created it; null on promotions created before actors were recorded. */
  createdBy: string | null;
  /** The actor whose DELETE ended it early; null while it runs (or ran) to its `endsAt`. */
  endedBy: string | null;
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

/** The actor of what Pricing does on its own: a promotion starting or ending at its time. */
export const SCHEDULE_ACTOR = 'service:pricing';

/**
 * Who moved the prices when the promotion reaches `status`: a start that was already due when the
 * promotion was created is its creator's, an early end is the DELETE's caller's, and a start or end
 * at its planned time is the schedule's. Read from the promotion itself, so the answer is the same
 * whether the request or a schedule tick that got there first applies the transition. Promotions from
 * before actors were recorded fall back to the schedule.
 */
export function transitionActor(
  promotion: Pick<Promotion, 'startsAt' | 'endsAt' | 'endedAt' | 'createdAt' | 'createdBy' | 'endedBy'>,
  status: PromotionStatus,
): string {
  if (status === 'ACTIVE' && promotion.startsAt <= promotion.createdAt) {
    return promotion.createdBy ?? SCHEDULE_ACTOR;
  }
  if (status === 'ENDED' && promotion.endedAt !== null && promotion.endedAt < promotion.endsAt) {
    return promotion.endedBy ?? SCHEDULE_ACTOR;
  }
  return SCHEDULE_ACTOR;
}

export const discountFields = (discount: Discount): { percentOff: number } | { amountOff: number } =>
  'percentOff' in discount ? { percentOff: discount.percentOff } : { amountOff: discount.amountOff };
