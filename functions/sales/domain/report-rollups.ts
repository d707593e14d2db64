import type { Order } from './order.ts';
import { type SalesReport, utcDay } from './report.ts';
import type { ReturnRecord } from './returns.ts';
import {
  addInto,
  contributionOf,
  emptySum,
  type PeriodRollup,
  type RollupSum,
  returnSumOf,
} from './rollup.ts';

/**
 * One piece of a report's range: a day's or an hour's rollup, or one order or return of the partial
 * hours at the edges (read from the table). The pieces of a report never overlap.
 */
export interface Segment {
  kind: 'DAY' | 'HOUR' | 'RAW';
  /** Its start (ISO): the period's, or the order's or return's `createdAt`. */
  start: string;
  /** Sorts the segments in time; orders of the same instant as gsi2 sorts them (`createdAt#orderId`). */
  at: string;
  sum: RollupSum;
}

export const rollupSegment = (rollup: PeriodRollup): Segment => ({
  kind: rollup.granularity,
  start: rollup.start,
  at: rollup.start,
  sum: rollup.sum,
});

export const orderSegment = (order: Order): Segment => ({
  kind: 'RAW',
  start: order.createdAt,
  at: `${order.createdAt}#${order.orderId}`,
  sum: contributionOf(order),
});

export const returnSegment = (record: ReturnRecord): Segment => ({
  kind: 'RAW',
  start: record.createdAt,
  at: `${record.createdAt}#${record.orderId}#${record.returnId}`,
  sum: returnSumOf(record),
});

/** Newest first, the order a product's name is looked for in. */
export const newestFirst = (segments: readonly Segment[]): Segment[] =>
  [...segments].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));

const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The report the segments of [from, to) add up to: the same figures `salesReport` makes of the orders
 * and returns themselves. `names` holds each product's newest name (absent: the product id).
 */
export function reportFromSegments(
  segments: readonly Segment[],
  names: ReadonlyMap<string, string>,
  from: string,
  to: string,
  currency: string,
): SalesReport {
  const total = emptySum();
  const days = new Map<string, RollupSum>();
  for (const segment of segments) {
    addInto(total, segment.sum);
    const day = utcDay(segment.start);
    addInto(days.get(day) ?? days.set(day, emptySum()).get(day)!, segment.sum);
  }
  const products = [...total.products.entries()].filter(([, p]) => p.lines > 0).sort(byKey);
  const revenueOf = (sum: RollupSum) => [...sum.products.values()].reduce((all, p) => all + p.revenue, 0);
  return {
    from,
    to,
    orders: total.orders,
    units: products.reduce((all, [, p]) => all + p.units, 0),
    revenue: { amount: revenueOf(total), currency },
    returns: { amount: total.refunds, currency },
    byProduct: products.map(([productId, p]) => ({
      productId,
      name: names.get(productId) ?? productId,
      units: p.units,
      revenue: { amount: p.revenue, currency },
    })),
    // A day is listed when an order counted in it or a return was made in it (a line counted).
    byDay: [...days.entries()]
      .filter(([, sum]) => sum.orders > 0 || [...sum.products.values()].some((p) => p.lines > 0))
      .sort(byKey)
      .map(([day, sum]) => ({ day, orders: sum.orders, revenue: { amount: revenueOf(sum), currency } })),
  };
}
