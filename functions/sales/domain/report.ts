import type { Money } from '#lib/money.ts';
import type { Order } from './order.ts';

export interface SalesReport {
  from: string;
  to: string;
  orders: number;
  units: number;
  revenue: Money;
  byProduct: { productId: string; units: number; revenue: Money }[];
}

/** Sums confirmed orders created in [from, to); cancelled ones are not sales. */
export function salesReport(
  orders: readonly Order[],
  from: string,
  to: string,
  currency: string,
): SalesReport {
  const counted = orders.filter(
    (order) => order.status === 'CONFIRMED' && order.createdAt >= from && order.createdAt < to,
  );
  const byProduct = new Map<string, { units: number; revenue: number }>();
  let units = 0;
  let revenue = 0;
  for (const order of counted) {
    for (const line of order.lines) {
      const sum = byProduct.get(line.productId) ?? { units: 0, revenue: 0 };
      sum.units += line.quantity;
      sum.revenue += line.lineTotal;
      byProduct.set(line.productId, sum);
      units += line.quantity;
      revenue += line.lineTotal;
    }
  }
  return {
    from,
    to,
    orders: counted.length,
    units,
    revenue: { amount: revenue, currency },
    byProduct: [...byProduct.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([productId, sum]) => ({
        productId,
        units: sum.units,
        revenue: { amount: sum.revenue, currency },
      })),
  };
}
