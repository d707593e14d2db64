import type { Order } from './order.ts';
import { type SalesReport, utcDay } from './report.ts';
import type { ReturnRecord } from './returns.ts';
import {
  addInto,
  contributionOf,
  type DaySum,
  emptySum,
  type Granularity,
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
  const revenueOf = (sum: RollupSum) => [...sum.products.values()].reduce((all, p) => all + p.revenue, 0);
  /** `byDay`, from each segment's own day, or from a month's lines of its days. */
  const days = new Map<string, DaySum>();
  const addDay = (day: string, add: DaySum) => {
    const sum = days.get(day) ?? { orders: 0, revenue: 0, lines: 0 };
    days.set(day, {
      orders: sum.orders + add.orders,
      revenue: sum.revenue + add.revenue,
      lines: sum.lines + add.lines,
    });
  };
  for (const segment of segments) {
    addInto(total, segment.sum);
    if (segment.kind === 'MONTH') {
      for (const [day, line] of segment.sum.days) addDay(day, line);
    } else {
      const lines = [...segment.sum.products.values()].reduce((all, p) => all + p.lines, 0);
      addDay(utcDay(segment.start), { orders: segment.sum.orders, revenue: revenueOf(segment.sum), lines });
    }
  }
  const products = [...total.products.entries()].filter(([, p]) => p.lines > 0).sort(byKey);
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
      .filter(([, sum]) => sum.orders > 0 || sum.lines > 0)
      .sort(byKey)
      .map(([day, sum]) => ({ day, orders: sum.orders, revenue: { amount: sum.revenue, currency } })),
  };
}
