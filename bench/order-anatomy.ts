import { performance } from 'node:perf_hooks';
import { createPricedProducts, orderBody, runTag } from './fixtures.ts';
import type { Api } from './http.ts';
import { type LatencySummary, summarize } from './stats.ts';

export interface StepTiming {
  step: string;
  latencyMs: LatencySummary;
  statuses: number[];
}

/**
 * The calls an order is made of, each timed alone at concurrency 1 through the same gateway: what the
 * gateway and a worker cost (health), and the internal calls Sales makes on the way (price, reserve,
 * commit), beside a whole one-line order. The sum of the parts against the whole shows what is serial.
 */
export async function orderAnatomy(api: Api, rounds = 40): Promise<StepTiming[]> {
  const productId = `${runTag}-anatomy`;
  await createPricedProducts(api, [{ productId, quantity: 1_000_000, amount: 500 }]);
  const steps: Record<string, { ms: number[]; statuses: Set<number> }> = {};
  const time = async (step: string, run: () => Promise<{ status: number }>) => {
    const t0 = performance.now();
    const { status } = await run();
    const entry = steps[step] ?? { ms: [], statuses: new Set<number>() };
    steps[step] = entry;
    entry.ms.push(performance.now() - t0);
    entry.statuses.add(status);
  };
  for (let i = 0; i < rounds; i++) {
    const reservationId = `anat_${runTag}_${i}`;
    await time('GET /health (gateway + worker, no auth)', () => api.call('GET', '/health'));
    await time('GET /prices/products/{id}', () => api.call('GET', `/prices/products/${productId}`));
    await time('POST /inventory/reservations (1 line)', () =>
      api.call(
        'POST',
        '/inventory/reservations',
        { reservationId, lines: [{ productId, quantity: 1 }] },
        'admin',
      ),
    );
    await time('POST /inventory/reservations/{id}/commit', () =>
      api.call('POST', `/inventory/reservations/${reservationId}/commit`, undefined, 'admin'),
    );
    await time('POST /sales/orders (1 line, whole)', () =>
      api.call('POST', '/sales/orders', orderBody([productId])),
    );
  }
  return Object.entries(steps).map(([step, { ms, statuses }]) => ({
    step,
    latencyMs: summarize(ms),
    statuses: [...statuses],
  }));
}
