import { addInto, emptySum, type RollupSum } from '../domain/rollup.ts';
import {
  addClauses,
  afterBuckets,
  bucketKey,
  bucketOf,
  itemsOfSum,
  periodKey,
  ROLLUP_BUCKETS,
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
  it.each([
    ['MONTH', '2025-03-01T00:00:00.000Z'],
    ['DAY', '2025-03-07T00:00:00.000Z'],
    ['HOUR', '2025-03-07T13:00:00.000Z'],
  ] as const)(
    "spreads the products of a %s over its buckets, each under DynamoDB's 400 KB, and reads back the same sum",
    (granularity, start) => {
      const period = monthOf(16_000);
      const items = itemsOfSum('g0', granularity, start, period);

      expect(items).toHaveLength(ROLLUP_BUCKETS);
      for (const { sum } of items) expect(itemBytes(addClauses(sum))).toBeLessThan(400 * 1024);
      // Unbucketed, the same period would not fit in one item.
      expect(itemBytes(addClauses(period))).toBeGreaterThan(400 * 1024);

      const read = items.map(({ key, sum }) =>
        toPeriodRollup(granularity, { ...key, ...Object.fromEntries(addClauses(sum)) }),
      );
      expect(new Set(read.map((r) => r.start))).toEqual(new Set([start]));
      expect(read.reduce((all, r) => addInto(all, r.sum), emptySum())).toEqual(period);
    },
  );

  it('keeps the totals and days in bucket 0, and a product always in its one bucket', () => {
    const items = itemsOfSum('g0', 'MONTH', '2025-03-01T00:00:00.000Z', monthOf(50));
    const [first, ...rest] = items;

    expect(first!.key).toEqual(bucketKey('g0', 'MONTH', '2025-03-01T00:00:00.000Z', 0));
    expect(first!.sum).toMatchObject({ orders: 50, days: monthOf(50).days });
    for (const { sum } of rest) expect([sum.orders, sum.refunds, sum.days.size]).toEqual([0, 0, 0]);
    // Each product is written to the bucket its id hashes to, so every write of it adds to one item.
    for (const { key, sum } of items) {
      for (const productId of sum.products.keys()) {
        expect(key.sk).toBe(`2025-03#${bucketOf(productId)}`);
      }
    }
    expect(new Set(Array.from({ length: 1000 }, (_, i) => bucketOf(`p${i}`))).size).toBe(ROLLUP_BUCKETS);
  });

  it("keeps a period's items, and its item from before buckets, inside the range its reader queries", () => {
    const periods = [
      ['MONTH', '2025-03-01T00:00:00.000Z', 'ROLLUP#g0#MONTH', '2025-03', '2025-04'],
      ['DAY', '2025-03-07T00:00:00.000Z', 'ROLLUP#g0#DAY#2025', '2025-03-07', '2025-03-08'],
      ['HOUR', '2025-03-07T13:00:00.000Z', 'ROLLUP#g0#HOUR#2025-03-07', '2025-03-07T13', '2025-03-07T14'],
    ] as const;
    for (const [granularity, start, pk, sk, nextSk] of periods) {
      expect(periodKey('g0', granularity, start)).toEqual({ pk, sk });
      expect(bucketKey('g0', granularity, start, 5)).toEqual({ pk, sk: `${sk}#5` });
      const inRange = (key: string) => sk <= key && key <= afterBuckets(sk);
      for (let bucket = 0; bucket < ROLLUP_BUCKETS; bucket++) expect(inRange(`${sk}#${bucket}`)).toBe(true);
      expect(inRange(sk)).toBe(true);
      expect(inRange(nextSk)).toBe(false);
      expect(inRange(`${nextSk}#0`)).toBe(false);
    }
  });
});
