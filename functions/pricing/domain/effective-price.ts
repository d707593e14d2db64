import { type Discount, type Promotion, statusAt } from './promotion.ts';

/** No promotion ever takes a price below one minor unit: a product is never given away. */
export const MIN_PRICE = 1;

/**
 * Integer division rounded half-up (…,5 goes up), for non-negative operands. Money stays in integers:
 * list (≤ 1e11) × 100 is far below 2^53, so no precision is lost.
 */
export function divideHalfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/**
 * The price under one discount.
 * - percentOff: list × (100 − percentOff) / 100, rounded half-up to the minor unit (the discounted
 *   price is rounded, not the discount), e.g. 999 at 15% → 849.15 → 849; 1 at 50% → 0.5 → 1.
 * - amountOff: list − amountOff.
 * Either way clamped to [MIN_PRICE, list]: never below 1, never above the list price.
 */
export function discountedAmount(listAmount: number, discount: Discount): number {
  const raw =
    'percentOff' in discount
      ? divideHalfUp(listAmount * (100 - discount.percentOff), 100)
      : listAmount - discount.amountOff;
  return Math.min(listAmount, Math.max(MIN_PRICE, raw));
}

export interface EffectivePrice<P extends Promotion = Promotion> {
  amount: number;
  /** The promotion that sets the price, or null when the list price applies. */
  promotion: P | null;
}

/**
 * The price a customer pays at `now`: the lowest of the list price and every promotion active then.
 * Ties go to the promotion with the smallest id, so repeated computations agree and nothing flaps.
 * A promotion that gives nothing off (a 1% of 1 centavo) is not reported as the price's promotion.
 */
export function effectivePrice<P extends Promotion>(
  listAmount: number,
  promotions: readonly P[],
  now: string,
): EffectivePrice<P> {
  let best: EffectivePrice<P> = { amount: listAmount, promotion: null };
  for (const promotion of promotions) {
    if (statusAt(promotion, now) !== 'ACTIVE') continue;
    const amount = discountedAmount(listAmount, promotion.discount);
    if (amount >= listAmount) continue;
    const better =
      amount < best.amount ||
      (amount === best.amount &&
        best.promotion !== null &&
        promotion.promotionId < best.promotion.promotionId);
    if (better) best = { amount, promotion };
  }
  return best;
}
