import type { Money } from '#lib/money.ts';
import { type Order, returnedOf } from './order.ts';
import { type ReturnRecord, unitShares } from './returns.ts';

export interface SalesReport {
  from: string;
  to: string;
  orders: number;
  units: number;
  revenue: Money;
  returns: Money;
  /** `name` as on the newest order line of the period that named the product (the id when none did). */
  byProduct: { productId: string; name: string; units: number; revenue: Money }[];
  /** Each UTC day (`YYYY-MM-DD`) with an order counted or a return made, oldest first; sums to the totals. */
  byDay: { day: string; orders: number; revenue: Money }[];
}

/** The UTC day of an ISO instant, as gsi2's day partitions are. */
export const utcDay = (isoTime: string) => isoTime.slice(0, 10);

export interface Sold {
  productId: string;
  name: string | undefined;
  units: number;
  revenue: number;
}

/**
 * What an order sold: every unit, at the price charged; once cancelled, only the units returned before
 * the cancellation (they were sold, then returned; the rest was cancelled, never a sale). The rollups
 * (`rollup.ts`) count the same.
 */
export function soldBy(order: Order): Sold[] {
  if (order.status !== 'CANCELLED') {
    return order.lines.map((line) => ({
      productId: line.productId,
      name: line.name,
      units: line.quantity,
      revenue: line.lineTotal,
    }));
  }
  return order.lines.flatMap((line) => {
    const units = returnedOf(line);
    if (units === 0) return [];
    return [
      {
        productId: line.productId,
        name: line.name,
        units,
        revenue: unitShares(line.lineTotal, line.quantity, 0, units),
      },
    ];
  });
}

/**
 * Sales of the orders created in [from, to), net of cancellations, less the returns created in
 * [from, to) (of orders placed in the period or before it: a credit note counts on its own day, so a
 * period's revenue and a product's units may be below zero). `returns` is the sum of those refunds.
 */
export function salesReport(
  orders: readonly Order[],
  returns: readonly ReturnRecord[],
  from: string,
  to: string,
  currency: string,
): SalesReport {
  const inPeriod = (at: string) => at >= from && at < to;
  const byProduct = new Map<string, { units: number; revenue: number; name?: string; namedAt?: string }>();
  const byDay = new Map<string, { orders: number; revenue: number }>();
  const add = (productId: string, units: number, revenue: number, at: string) => {
    const sum = byProduct.get(productId) ?? { units: 0, revenue: 0 };
    sum.units += units;
    sum.revenue += revenue;
    byProduct.set(productId, sum);
    dayOf(byDay, at).revenue += revenue;
    return sum;
  };
  let counted = 0;
  for (const order of orders) {
    if (!inPeriod(order.createdAt)) continue;
    const sold = soldBy(order);
    if (sold.length === 0) continue;
    counted++;
    dayOf(byDay, order.createdAt).orders++;
    for (const line of sold) {
      const sum = add(line.productId, line.units, line.revenue, order.createdAt);
      // The newest order's name: a product renamed during the period shows as it is called now.
      if (line.name !== undefined && (sum.namedAt === undefined || order.createdAt >= sum.namedAt)) {
        sum.name = line.name;
        sum.namedAt = order.createdAt;
      }
    }
  }
  let refunded = 0;
  for (const record of returns) {
    if (!inPeriod(record.createdAt)) continue;
    refunded += record.refund.amount;
    // A credit note counts on its own day, whenever its order was placed.
    for (const line of record.lines)
      add(line.productId, -line.quantity, -line.refund.amount, record.createdAt);
  }
  const sums = [...byProduct.values()];
  return {
    from,
    to,
    orders: counted,
    units: sums.reduce((total, sum) => total + sum.units, 0),
    revenue: { amount: sums.reduce((total, sum) => total + sum.revenue, 0), currency },
    returns: { amount: refunded, currency },
    byProduct: [...byProduct.entries()].sort(byKey).map(([productId, sum]) => ({
      productId,
      // Lines recorded before orders kept names (and products seen only in returns) show the id.
      name: sum.name ?? productId,
      units: sum.units,
      revenue: { amount: sum.revenue, currency },
    })),
    byDay: [...byDay.entries()].sort(byKey).map(([day, sum]) => ({
      day,
      orders: sum.orders,
      revenue: { amount: sum.revenue, currency },
    })),
  };
}

function dayOf(byDay: Map<string, { orders: number; revenue: number }>, at: string) {
  const day = utcDay(at);
  let sum = byDay.get(day);
  if (!sum) {
    sum = { orders: 0, revenue: 0 };
    byDay.set(day, sum);
  }
  return sum;
}

const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);
