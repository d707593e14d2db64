import { performance } from 'node:perf_hooks';
import { createPricedProducts, orderBody, runTag } from './fixtures.ts';
import type { Api } from './http.ts';
import { tally } from './load.ts';
import { type LatencySummary, round, summarize } from './stats.ts';

export interface HotProductResult {
  stock: number;
  orders: number;
  successes: number;
  conflicts: number;
  statuses: Record<string, number>;
  /** Inventory's own count afterwards; with `successes` it shows nothing was oversold. */
  finalQuantity: number | undefined;
  correct: boolean;
  wallMs: number;
  latencyMs: LatencySummary;
}

/** Many buyers, little stock: every order for one unit of one product, all at once. */
export async function hotProduct(api: Api, stock = 50, orders = 200): Promise<HotProductResult> {
  const productId = `${runTag}-hot`;
  await createPricedProducts(api, [{ productId, quantity: stock, amount: 990 }]);
  const latencies: number[] = [];
  const started = performance.now();
  const statuses = await Promise.all(
    Array.from({ length: orders }, async (_, i) => {
      const t0 = performance.now();
      const answer = await api.call('POST', '/sales/orders', orderBody([productId], `hot-${i}`));
      latencies.push(performance.now() - t0);
      return answer.status;
    }),
  );
  const wallMs = performance.now() - started;
  const product = await api.call('GET', `/inventory/products/${productId}`);
  const successes = statuses.filter((s) => s === 201).length;
  const finalQuantity = product.status === 200 ? (product.body.quantity as number) : undefined;
  return {
    stock,
    orders,
    successes,
    conflicts: statuses.filter((s) => s === 409).length,
    statuses: tally(statuses),
    finalQuantity,
    correct: successes === stock && finalQuantity === 0,
    wallMs: round(wallMs),
    latencyMs: summarize(latencies),
  };
}
