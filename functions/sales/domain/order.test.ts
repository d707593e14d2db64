import fc from 'fast-check';
import { mergeLines, orderTotal, priceLines } from './order.ts';

const line = fc.record({
  productId: fc.constantFrom('a', 'b', 'c', 'd'),
  quantity: fc.integer({ min: 1, max: 1000 }),
});

describe('mergeLines', () => {
  it('keeps one line per product and the total quantity of each', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 50 }), (lines) => {
        const merged = mergeLines(lines);
        const ids = merged.map((l) => l.productId);
        expect(new Set(ids).size).toBe(ids.length);
        for (const m of merged) {
          const sum = lines.filter((l) => l.productId === m.productId).reduce((s, l) => s + l.quantity, 0);
          expect(m.quantity).toBe(sum);
        }
      }),
    );
  });
});

describe('priceLines', () => {
  it('flags priceChanged only when an expected unit amount differs from the one charged', () => {
    const lines = priceLines(
      [
        { productId: 'a', quantity: 2, expectedUnitAmount: 100 },
        { productId: 'b', quantity: 1, expectedUnitAmount: 90 },
        { productId: 'c', quantity: 3 },
      ],
      new Map([
        ['a', 100],
        ['b', 120],
        ['c', 5],
      ]),
    );

    expect(lines.map((l) => [l.lineTotal, l.priceChanged])).toEqual([
      [200, false],
      [120, true],
      [15, false],
    ]);
    expect(orderTotal(lines, 'BRL')).toEqual({ amount: 335, currency: 'BRL' });
  });
});
