import type { Granularity } from '../domain/periods.ts';
import type { PeriodRollup, RollupSum } from '../domain/rollup.ts';
import { emptySum } from '../domain/rollup.ts';
import type { TransactItem } from './order-items.ts';

/**
 * The rollups' items in the Sales table (none of their keys starts `ORDER#`, so they wake no consumer).
 * Each period's rollup is ROLLUP_BUCKETS items, `<period>#<bucket>` (bucket 0 holds its totals and days,
 * every bucket its share of the products), read back in the same single query:
 * - a generation's daily rollups, one partition per year (a 366-day report is two queries):
 *   `ROLLUP#<generation>#DAY#<yyyy>` / `<yyyy-mm-dd>#<bucket>`;
 * - its hourly rollups, one partition per day: `ROLLUP#<generation>#HOUR#<yyyy-mm-dd>` / `<yyyy-mm-ddThh>#<bucket>`;
 * - its monthly rollups, one partition: `ROLLUP#<generation>#MONTH` / `<yyyy-mm>#<bucket>`;
 * - which generation reports read and which one a rebuild fills: `ROLLUP#POINTER` / `POINTER`;
 * - a change applied (TTL'd once the stream can no longer deliver it again): `ROLLUP#APPLIED#<part>` / `APPLIED`.
 * A rollup's attributes are all numbers, so every write is an `ADD`: `orders`, `refunds`, and per product
 * `u#<id>` (units), `r#<id>` (revenue), `n#<id>#<name>` (lines sold under that name) and `n#<id>` (its
 * other lines: unnamed ones, returns); a month's also per day `d#<yyyy-mm-dd>#o`, `#r` and `#l` (its
 * `byDay` orders, revenue and lines). Product ids never hold a `#` (`ID_PATTERN`), names may. Its size
 * is bounded by the products sold in the period (80 to 150 bytes each), never by the orders. A reader
 * sums every item of a period, whichever bucket: a day or an hour written as one item (`<period>`, before
 * buckets) is read as its bucket.
 */
export const ROLLUP_PREFIX = 'ROLLUP#';
export const POINTER_KEY = { pk: 'ROLLUP#POINTER', sk: 'POINTER' } as const;
export const markerKey = (partId: string) => ({ pk: `ROLLUP#APPLIED#${partId}`, sk: 'APPLIED' });

/** Two days: the stream keeps a record for 24 hours, so no delivery of it comes later than that. */
export const MARKER_TTL_SECONDS = 2 * 86_400;

/** The part of a period's start that names its partition, and the part that is its sort key. */
const KEY_CUTS: Record<Granularity, { partition: number; sort: number }> = {
  MONTH: { partition: 0, sort: 7 },
  DAY: { partition: 4, sort: 10 },
  HOUR: { partition: 10, sort: 13 },
};

/** The partition of a period and its sort key before the bucket. */
export function periodKey(generation: string, granularity: Granularity, start: string) {
  const cut = KEY_CUTS[granularity];
  const partition = cut.partition === 0 ? '' : `#${start.slice(0, cut.partition)}`;
  return { pk: `ROLLUP#${generation}#${granularity}${partition}`, sk: start.slice(0, cut.sort) };
}

/** One of a period's items. */
export function bucketKey(generation: string, granularity: Granularity, start: string, bucket: number) {
  const { pk, sk } = periodKey(generation, granularity, start);
  return { pk, sk: `${sk}#${bucket}` };
}

/** Above every bucket's sort key of the period `sk` (`~` sorts after the digits). */
export const afterBuckets = (sk: string) => `${sk}#~`;

/**
 * A busy shop sells thousands of products in an hour, a day or a month: each period's products are
 * spread over this many items by a hash of their id, so a period holds some 20,000 products (80 to
 * 150 bytes each, by the length of their ids and names) under DynamoDB's 400 KB an item.
 */
export const ROLLUP_BUCKETS = 8;

/** FNV-1a of the id: a product always falls in the same bucket. */
export function bucketOf(productId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < productId.length; i++) hash = Math.imul(hash ^ productId.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % ROLLUP_BUCKETS;
}

/**
 * The items a period's sum goes to: bucket 0 its totals, days and products, every other bucket that
 * holds a product of the sum, those.
 */
export function itemsOfSum(
  generation: string,
  granularity: Granularity,
  start: string,
  sum: RollupSum,
): { key: { pk: string; sk: string }; sum: RollupSum }[] {
  const buckets = new Map<number, RollupSum>([
    [0, { ...emptySum(), orders: sum.orders, refunds: sum.refunds, days: sum.days }],
  ]);
  for (const [productId, product] of sum.products) {
    const bucket = bucketOf(productId);
    const into = buckets.get(bucket) ?? emptySum();
    into.products.set(productId, product);
    buckets.set(bucket, into);
  }
  return [...buckets].map(([bucket, part]) => ({
    key: bucketKey(generation, granularity, start, bucket),
    sum: part,
  }));
}

/** The generation a rollup item's key belongs to (undefined: not a rollup of any generation). */
export function generationOfKey(pk: string): string | undefined {
  const match = /^ROLLUP#([^#]+)#(MONTH$|DAY#|HOUR#)/.exec(pk);
  return match?.[1];
}

/** The period a rollup item is of, from its sort key. */
function startOf(granularity: Granularity, sk: string): string {
  const rest = { MONTH: '-01T00:00:00.000Z', DAY: 'T00:00:00.000Z', HOUR: ':00:00.000Z' }[granularity];
  return `${sk.slice(0, KEY_CUTS[granularity].sort)}${rest}`;
}

/** The ADD clauses of a sum: attribute name → delta, zeros left out. */
export function addClauses(sum: RollupSum): [string, number][] {
  const clauses: [string, number][] = [
    ['orders', sum.orders],
    ['refunds', sum.refunds],
  ];
  for (const [productId, p] of sum.products) {
    const named = [...p.names.values()].reduce((all, count) => all + count, 0);
    clauses.push(
      [`u#${productId}`, p.units],
      [`r#${productId}`, p.revenue],
      [`n#${productId}`, p.lines - named],
    );
    for (const [name, count] of p.names) clauses.push([`n#${productId}#${name}`, count]);
  }
  for (const [day, d] of sum.days) {
    clauses.push([`d#${day}#o`, d.orders], [`d#${day}#r`, d.revenue], [`d#${day}#l`, d.lines]);
  }
  return clauses.filter(([, value]) => value !== 0);
}

/** Kept below DynamoDB's 4 KB for an expression string. */
export const MAX_EXPRESSION_CHARS = 3_800;
/** `#aN :aN, ` */
export const clauseChars = (index: number) => 2 * (String(index).length + 2) + 3;

/** `ADD` of the clauses to the item at `key` (one update; the caller keeps it within MAX_EXPRESSION_CHARS). */
export function addUpdate(
  table: string,
  key: { pk: string; sk: string },
  clauses: readonly [string, number][],
): NonNullable<TransactItem['Update']> {
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  const parts = clauses.map(([name, value], i) => {
    names[`#a${i}`] = name;
    values[`:a${i}`] = value;
    return `#a${i} :a${i}`;
  });
  return {
    TableName: table,
    Key: key,
    UpdateExpression: `ADD ${parts.join(', ')}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** The clauses cut into updates that each fit one expression. */
export function clauseChunks(clauses: readonly [string, number][]): [string, number][][] {
  const chunks: [string, number][][] = [];
  let chunk: [string, number][] = [];
  let chars = 4;
  for (const clause of clauses) {
    if (chunk.length > 0 && chars + clauseChars(chunk.length) > MAX_EXPRESSION_CHARS) {
      chunks.push(chunk);
      [chunk, chars] = [[], 4];
    }
    chars += clauseChars(chunk.length);
    chunk.push(clause);
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/** A stored rollup item back as a period's sums (one bucket of the period: its share of them). */
export function toPeriodRollup(granularity: Granularity, item: Record<string, unknown>): PeriodRollup {
  const sum = emptySum();
  const product = (productId: string) => {
    let p = sum.products.get(productId);
    if (!p) {
      p = { units: 0, revenue: 0, lines: 0, names: new Map() };
      sum.products.set(productId, p);
    }
    return p;
  };
  const day = (name: string) => {
    const d = sum.days.get(name) ?? { orders: 0, revenue: 0, lines: 0 };
    sum.days.set(name, d);
    return d;
  };
  const DAY_FIELDS = { o: 'orders', r: 'revenue', l: 'lines' } as const;
  for (const [name, raw] of Object.entries(item)) {
    const value = Number(raw);
    if (name === 'orders') sum.orders = value;
    else if (name.startsWith('d#'))
      day(name.slice(2, 12))[DAY_FIELDS[name.slice(13) as 'o' | 'r' | 'l']] = value;
    else if (name === 'refunds') sum.refunds = value;
    else if (name.startsWith('u#')) product(name.slice(2)).units = value;
    else if (name.startsWith('r#')) product(name.slice(2)).revenue = value;
    else if (name.startsWith('n#')) {
      const cut = name.indexOf('#', 2);
      const p = product(cut < 0 ? name.slice(2) : name.slice(2, cut));
      p.lines += value;
      if (cut >= 0) p.names.set(name.slice(cut + 1), value);
    }
  }
  return { granularity, start: startOf(granularity, String(item.sk)), sum };
}
