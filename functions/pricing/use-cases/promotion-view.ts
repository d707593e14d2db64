import {
  type Discount,
  discountFields,
  type PromotionStatus,
  type StoredPromotion,
  statusAt,
} from '../domain/promotion.ts';

export type PromotionView = {
  promotionId: string;
  name: string;
  productIds: string[];
  startsAt: string;
  endsAt: string;
  /** When it was ended early by DELETE, else null. */
  endedAt: string | null;
  status: PromotionStatus;
  createdAt: string;
  /** Who created it; null for promotions from before actors were recorded. */
  createdBy: string | null;
  /** Whose DELETE ended it early, else null. */
  endedBy: string | null;
} & Discount;

/** The status is computed from the clock, not from what the schedule has applied so far. */
export const promotionView = (p: StoredPromotion, now: string): PromotionView => ({
  promotionId: p.promotionId,
  name: p.name,
  productIds: p.productIds,
  ...discountFields(p.discount),
  startsAt: p.startsAt,
  endsAt: p.endsAt,
  endedAt: p.endedAt,
  status: statusAt(p, now),
  createdAt: p.createdAt,
  createdBy: p.createdBy,
  endedBy: p.endedBy,
});
