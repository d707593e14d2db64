import { performance } from 'node:perf_hooks';
import { createPricedProducts, orderBody, runTag, setPrice } from './fixtures.ts';
import type { Api } from './http.ts';
import { type LatencySummary, summarize } from './stats.ts';

export interface PropagationResult {
  samples: number;
  /** From the PUT's answer to the answer of the first order charged the new price. */
  latencyMs: LatencySummary;
  ordersPerSample: { median: number; max: number };
  /** Samples whose new price no order charged within the time limit. */
  timedOut: number;
}

const LIMIT_MS = 15_000;

/**
 * Before each sample one order warms Sales' price cache with the current price (the steady state of a
 * busy till); then the price changes and orders are placed back to back until one is charged it.
 */
export async function pricePropagation(api: Api, samples = 20): Promise<PropagationResult> {
  const productId = `${runTag}-price`;
  const base = 1000;
  await createPricedProducts(api, [{ productId, quantity: 1_000_000, amount: base }]);
  const latencies: number[] = [];
  const counts: number[] = [];
  let timedOut = 0;
  for (let i = 1; i <= samples; i++) {
    await api.call('POST', '/sales/orders', orderBody([productId]));
    const amount = base + i;
    await setPrice(api, productId, amount);
    const t0 = performance.now();
    let orders = 0;
    let charged = false;
    while (!charged && performance.now() - t0 < LIMIT_MS) {
      const answer = await api.call('POST', '/sales/orders', orderBody([productId]));
      orders++;
      charged = answer.status === 201 && answer.body.lines?.[0]?.unitAmount === amount;
    }
    if (!charged) timedOut++;
    else latencies.push(performance.now() - t0);
    counts.push(orders);
  }
  counts.sort((a, b) => a - b);
  return {
    samples,
    latencyMs: summarize(latencies),
    ordersPerSample: { median: counts[Math.floor(counts.length / 2)] ?? 0, max: counts.at(-1) ?? 0 },
    timedOut,
  };
}
