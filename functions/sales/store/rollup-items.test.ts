import { addInto, emptySum, type RollupSum } from '../domain/rollup.ts';
import {
  addClauses,
  bucketOf,
  itemsOfSum,
  MONTH_BUCKETS,
  periodKey,
  toPeriodRollup,
} from './rollup-items.ts';

/** DynamoDB's size of an item of these number attributes: each name's bytes and about 21 bytes a number at most. */
const itemBytes = (clauses: readonly [string, number][]) =>
  clauses.reduce((all, [name]) => all + Buffer.byteLength(name) + 21, 0);

function monthOf(products: number): RollupSum {
  const sum = emptySum();
  sum.orders = products;
  sum.days.set('2025-03-07', { orders: products, revenue: products * 990, lines: products });
  for (let i = 0; i < products; i++) {
    sum.products.set(`sku-${String(i).padStart(8, '0')}`, {
      units: 3,
      revenue: 990,
      lines: 1,
      names: new Map([[`Produto de nome comprido número ${i}`, 1]]),
    });
  }
  return sum;
}

describe('rollup items', () => {
  it("spreads a month's products over its buckets, each under DynamoDB's 400 KB, and reads back the same sum", () => {
    const month = monthOf(16_000);
    const items = itemsOfSum('g0', 'MONTH', '2025-03-01T00:00:00.000Z', month);

    expect(items).toHaveLength(MONTH_BUCKETS);
    for (const { sum } of items) expect(itemBytes(addClauses(sum))).toBeLessThan(400 * 1024);
    // Unbucketed, the same month would not fit in one item.
    expect(itemBytes(addClauses(month))).toBeGreaterThan(400 * 1024);

    const read = items.map(({ key, sum }) =>
      toPeriodRollup('MONTH', { ...key, ...Object.fromEntries(addClauses(sum)) }),
    );
    expect(new Set(read.map((r) => r.start))).toEqual(new Set(['2025-03-01T00:00:00.000Z']));
    expect(read.reduce((all, r) => addInto(all, r.sum), emptySum())).toEqual(month);
  });

  it('keeps the totals and days in bucket 0, and a product always in its one bucket', () => {
    const items = itemsOfSum('g0', 'MONTH', '2025-03-01T00:00:00.000Z', monthOf(50));
    const [first, ...rest] = items;

    expect(first!.key).toEqual(periodKey('g0', 'MONTH', '2025-03-01T00:00:00.000Z', 0));
    expect(first!.sum).toMatchObject({ orders: 50, days: monthOf(50).days });
    for (const { sum } of rest) expect([sum.orders, sum.refunds, sum.days.size]).toEqual([0, 0, 0]);
    // Each product is written to the bucket its id hashes to, so every write of it adds to one item.
    for (const { key, sum } of items) {
      for (const productId of sum.products.keys()) {
        expect(key.sk).toBe(`2025-03#${bucketOf(productId)}`);
      }
    }
    expect(new Set(Array.from({ length: 1000 }, (_, i) => bucketOf(`p${i}`))).size).toBe(MONTH_BUCKETS);
  });

  it('writes an hour or a day as one item', () => {
    expect(itemsOfSum('g0', 'DAY', '2025-03-07T00:00:00.000Z', monthOf(3))).toHaveLength(1);
    expect(periodKey('g0', 'DAY', '2025-03-07T00:00:00.000Z')).toEqual({
      pk: 'ROLLUP#g0#DAY#2025',
      sk: '2025-03-07',
    });
    expect(periodKey('g0', 'MONTH', '2025-03-01T00:00:00.000Z', 5)).toEqual({
      pk: 'ROLLUP#g0#MONTH',
      sk: '2025-03#5',
    });
  });
});
