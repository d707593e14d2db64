import fc from 'fast-check';
import { discountedAmount, divideHalfUp, effectivePrice, MIN_PRICE } from './effective-price.ts';
import type { Discount, Promotion } from './promotion.ts';

const NOW = '2030-01-01T12:00:00.000Z';
const BEFORE = '2030-01-01T11:00:00.000Z';
const AFTER = '2030-01-01T13:00:00.000Z';

const promotion = (promotionId: string, discount: Discount, window: Partial<Promotion> = {}): Promotion => ({
  promotionId,
  name: promotionId,
  productIds: ['p1'],
  discount,
  startsAt: BEFORE,
  endsAt: AFTER,
  endedAt: null,
  createdAt: BEFORE,
  createdBy: 'client:test',
  endedBy: null,
  ...window,
});

const listAmount = fc.integer({ min: 1, max: 100_000_000_000 });
const discount: fc.Arbitrary<Discount> = fc.oneof(
  fc.integer({ min: 1, max: 99 }).map((percentOff) => ({ percentOff })),
  fc.integer({ min: 1, max: 100_000_000_000 }).map((amountOff) => ({ amountOff })),
);

describe('divideHalfUp', () => {
  it('rounds halves up and everything else to the nearest unit', () => {
    expect(divideHalfUp(84915, 100)).toBe(849);
    expect(divideHalfUp(84950, 100)).toBe(850);
    expect(divideHalfUp(84949, 100)).toBe(849);
    expect(divideHalfUp(50, 100)).toBe(1);
    expect(divideHalfUp(49, 100)).toBe(0);
  });

  it('matches exact rational rounding half-up for any operands (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000_000 }),
        fc.integer({ min: 1, max: 1000 }),
        (n, d) => {
          const q = divideHalfUp(n, d);
          // q is the half-up rounding of n/d exactly when q - 1/2 <= n/d < q + 1/2.
          expect(2 * n >= (2 * q - 1) * d && 2 * n < (2 * q + 1) * d).toBe(true);
        },
      ),
    );
  });
});

describe('discountedAmount', () => {
  it('rounds the discounted price of a percentage half-up to the minor unit', () => {
    expect(discountedAmount(999, { percentOff: 15 })).toBe(849); // 849.15
    expect(discountedAmount(1990, { percentOff: 25 })).toBe(1493); // 1492.5 → up
    expect(discountedAmount(10_000, { percentOff: 10 })).toBe(9000);
  });

  it('takes a fixed amount off, with a floor of one minor unit', () => {
    expect(discountedAmount(1000, { amountOff: 250 })).toBe(750);
    expect(discountedAmount(1000, { amountOff: 1000 })).toBe(1);
    expect(discountedAmount(1000, { amountOff: 5000 })).toBe(1);
    expect(discountedAmount(1, { percentOff: 99 })).toBe(1);
  });

  it('is never below 1 and never above the list price (property)', () => {
    fc.assert(
      fc.property(listAmount, discount, (list, d) => {
        const amount = discountedAmount(list, d);
        expect(Number.isInteger(amount)).toBe(true);
        expect(amount).toBeGreaterThanOrEqual(MIN_PRICE);
        expect(amount).toBeLessThanOrEqual(list);
      }),
    );
  });

  it('is within half a minor unit of the exact percentage price, unless the floor applies (property)', () => {
    fc.assert(
      fc.property(listAmount, fc.integer({ min: 1, max: 99 }), (list, percentOff) => {
        const amount = discountedAmount(list, { percentOff });
        const exactTimes100 = list * (100 - percentOff);
        if (amount > MIN_PRICE) expect(Math.abs(amount * 100 - exactTimes100)).toBeLessThanOrEqual(50);
        else expect(exactTimes100).toBeLessThan(150);
      }),
    );
  });

  it('is list − amountOff whenever that stays at or above 1 (property)', () => {
    fc.assert(
      fc.property(listAmount, fc.integer({ min: 1, max: 100_000_000_000 }), (list, amountOff) => {
        fc.pre(amountOff < list);
        expect(discountedAmount(list, { amountOff })).toBe(list - amountOff);
      }),
    );
  });
});

describe('effectivePrice', () => {
  it('is the list price when no promotion is active now', () => {
    const scheduled = promotion(
      'promo_b',
      { percentOff: 50 },
      { startsAt: AFTER, endsAt: '2030-01-02T00:00:00.000Z' },
    );
    const ended = promotion(
      'promo_c',
      { percentOff: 50 },
      { startsAt: '2030-01-01T00:00:00.000Z', endsAt: BEFORE },
    );
    const endedEarly = promotion('promo_d', { percentOff: 50 }, { endedAt: BEFORE });
    expect(effectivePrice(1000, [scheduled, ended, endedEarly], NOW)).toEqual({
      amount: 1000,
      promotion: null,
    });
  });

  it('applies from startsAt inclusive until endsAt exclusive', () => {
    const p = promotion('promo_a', { amountOff: 100 }, { startsAt: NOW, endsAt: AFTER });
    expect(effectivePrice(1000, [p], NOW).amount).toBe(900);
    expect(effectivePrice(1000, [p], AFTER).amount).toBe(1000);
  });

  it('takes the lowest of overlapping promotions', () => {
    const tenPercent = promotion('promo_a', { percentOff: 10 });
    const twoHundredOff = promotion('promo_b', { amountOff: 200 });
    const result = effectivePrice(1000, [tenPercent, twoHundredOff], NOW);
    expect(result.amount).toBe(800);
    expect(result.promotion?.promotionId).toBe('promo_b');
  });

  it('breaks a tie by the smaller promotion id, whatever the order', () => {
    const a = promotion('promo_a', { percentOff: 10 });
    const b = promotion('promo_b', { amountOff: 100 });
    expect(effectivePrice(1000, [b, a], NOW).promotion?.promotionId).toBe('promo_a');
    expect(effectivePrice(1000, [a, b], NOW).promotion?.promotionId).toBe('promo_a');
  });

  it('is the lowest active price, within [1, list], whatever the promotions (property)', () => {
    const promotions = fc.array(fc.record({ d: discount, active: fc.boolean() }), { maxLength: 8 });
    fc.assert(
      fc.property(listAmount, promotions, (list, specs) => {
        const all = specs.map(({ d, active }, i) =>
          promotion(`promo_${i}`, d, active ? {} : { startsAt: AFTER, endsAt: '2030-01-02T00:00:00.000Z' }),
        );
        const result = effectivePrice(list, all, NOW);
        const activeAmounts = specs.filter((s) => s.active).map((s) => discountedAmount(list, s.d));
        expect(result.amount).toBe(Math.min(list, ...activeAmounts));
        expect(result.amount).toBeGreaterThanOrEqual(MIN_PRICE);
        expect(result.amount).toBeLessThanOrEqual(list);
        if (result.promotion) expect(discountedAmount(list, result.promotion.discount)).toBe(result.amount);
        else expect(result.amount).toBe(list);
      }),
    );
  });

  it('does not depend on the order of the promotions (property)', () => {
    fc.assert(
      fc.property(listAmount, fc.array(discount, { minLength: 1, maxLength: 6 }), (list, discounts) => {
        const all = discounts.map((d, i) => promotion(`promo_${i}`, d));
        const reversed = [...all].reverse();
        expect(effectivePrice(list, reversed, NOW)).toEqual(effectivePrice(list, all, NOW));
      }),
    );
  });
});
