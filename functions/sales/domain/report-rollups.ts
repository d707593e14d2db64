import type { Order } from './order.ts';
import type { Granularity } from './periods.ts';
import { type SalesReport, utcDay } from './report.ts';
import type { ReturnRecord } from './returns.ts';
import {
  addDayLine,
  addInto,
  contributionOf,
  type DaySum,
  dayLineOf,
  emptySum,
  type PeriodRollup,
  type RollupSum,
  returnSumOf,
} from './rollup.ts';

/**
 * One piece of a report's range: a month's, a day's or an hour's rollup, or one order or return of the
 * partial hours at the edges (read from the table). The pieces of a report never overlap.
 */
export interface Segment {
  kind: Granularity | 'RAW';
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
  /** `byDay`: a month's lines of its days, every other segment one line of its own day. */
  const days = new Map<string, DaySum>();
  for (const segment of segments) {
    addInto(total, segment.sum);
    if (segment.kind === 'MONTH') {
      for (const [day, line] of segment.sum.days) addDayLine(days, day, line);
    } else {
      addDayLine(days, utcDay(segment.start), dayLineOf(segment.sum));
    }
  }
  const products = [...total.products.entries()].filter(([, p]) => p.lines > 0).sort(byKey);
  return {
    from,
    to,
    orders: total.orders,
    units: products.reduce((all, [, p]) => all + p.units, 0),
    revenue: { amount: dayLineOf(total).revenue, currency },
    returns: { amount: total.refunds, currency },
    byProduct: products.map(([productId, p]) => ({
      productId,
      name: names.get(productId) ?? productId,
      units: p.units,
      revenue: { amount: p.revenue, currency },
    })),
    // A day is listed when an order counted in it or a return was made in it (a line counted).
    byDay: [...days.entries()]
      .filter(([, sum]) => sum.orders > 0 || sum.lines > 0)
      .sort(byKey)
      .map(([day, sum]) => ({ day, orders: sum.orders, revenue: { amount: sum.revenue, currency } })),
  };
}
