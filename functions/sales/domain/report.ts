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
  byProduct: { productId: string; units: number; revenue: Money }[];
}

interface Sold {
  productId: string;
  units: number;
  revenue: number;
}

/**
 * What an order sold: every unit, at the price charged; once cancelled, only the units returned before
 * the cancellation (they were sold, then returned; the rest was cancelled, never a sale).
 */
function soldBy(order: Order): Sold[] {
  if (order.status !== 'CANCELLED') {
    return order.lines.map((line) => ({
      productId: line.productId,
      units: line.quantity,
      revenue: line.lineTotal,
    }));
  }
  return order.lines.flatMap((line) => {
    const units = returnedOf(line);
    if (units === 0) return [];
    return [
      { productId: line.productId, units, revenue: unitShares(line.lineTotal, line.quantity, 0, units) },
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
  const byProduct = new Map<string, { units: number; revenue: number }>();
  const add = (productId: string, units: number, revenue: number) => {
    const sum = byProduct.get(productId) ?? { units: 0, revenue: 0 };
    sum.units += units;
    sum.revenue += revenue;
    byProduct.set(productId, sum);
  };
  let counted = 0;
  for (const order of orders) {
    if (!inPeriod(order.createdAt)) continue;
    const sold = soldBy(order);
    if (sold.length === 0) continue;
    counted++;
    for (const line of sold) add(line.productId, line.units, line.revenue);
  }
  let refunded = 0;
  for (const record of returns) {
    if (!inPeriod(record.createdAt)) continue;
    refunded += record.refund.amount;
    for (const line of record.lines) add(line.productId, -line.quantity, -line.refund.amount);
  }
  const sums = [...byProduct.values()];
  return {
    from,
    to,
    orders: counted,
    units: sums.reduce((total, sum) => total + sum.units, 0),
    revenue: { amount: sums.reduce((total, sum) => total + sum.revenue, 0), currency },
    returns: { amount: refunded, currency },
    byProduct: [...byProduct.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([productId, sum]) => ({
        productId,
        units: sum.units,
        revenue: { amount: sum.revenue, currency },
      })),
  };
}
