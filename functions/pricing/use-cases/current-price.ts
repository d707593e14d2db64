import { type EffectivePrice, effectivePrice } from '../domain/effective-price.ts';
import type { PriceRecord } from '../domain/price.ts';
import type { StoredPromotion } from '../domain/promotion.ts';
import type { PriceStore, PromotionStore } from '../ports.ts';

export interface CurrentPrice {
  price: PriceRecord | undefined;
  effective: EffectivePrice<StoredPromotion>;
}

/**
 * The stored price and the effective price at `now`, computed from the promotions active now rather
 * than from what the schedule last applied, so a read is right even before the schedule's next tick.
 * Only links whose planned window contains `now` are looked up; the promotion rows are the truth
 * (an orphan link without a row, or a promotion ended early, does not count).
 */
export async function readCurrentPrice(
  { prices, promotions }: { prices: PriceStore; promotions: PromotionStore },
  productId: string,
  now: string,
  /** The list price to compute with, when it is about to change. */
  listAmount?: number,
): Promise<CurrentPrice> {
  const { price, links } = await prices.readState(productId);
  const candidates = links.filter((link) => link.startsAt <= now && now < link.endsAt);
  const active = candidates.length > 0 ? await promotions.getMany(candidates.map((l) => l.promotionId)) : [];
  const list = listAmount ?? price?.listAmount;
  const effective = list === undefined ? { amount: 0, promotion: null } : effectivePrice(list, active, now);
  return { price, effective };
}

export interface PriceView {
  productId: string;
  amount: number;
  currency: string;
  listAmount: number;
  promotion: { promotionId: string; name: string; endsAt: string } | null;
  version: number;
  updatedAt: string;
}

export function priceView(price: PriceRecord, effective: CurrentPrice['effective']): PriceView {
  const promotion = effective.promotion;
  return {
    productId: price.productId,
    amount: effective.amount,
    currency: price.currency,
    listAmount: price.listAmount,
    promotion: promotion
      ? { promotionId: promotion.promotionId, name: promotion.name, endsAt: promotion.endsAt }
      : null,
    version: price.version,
    updatedAt: price.updatedAt,
  };
}
