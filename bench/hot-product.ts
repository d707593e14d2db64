import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { type RateLimit, rateOf } from '#lib/catalogue/index.ts';
import { placeOrder } from '../functions/sales/routes.ts';
import { createPricedProducts, orderBody, runTag } from './fixtures.ts';
import type { Api } from './http.ts';
import { tally } from './load.ts';
import type { MeterLog } from './meter-log.ts';
import { openProductItems, type ProductItems } from './product-item.ts';
import { type LatencySummary, round, summarize } from './stats.ts';

export interface HotCase {
  name: 'scarce' | 'paced' | 'burst';
  /** What the case is, in words, for the report. */
  what: string;
  stock: number;
  orders: number;
  /** Orders started per second (paced), or all at once (undefined). */
  pacedPerSecond: number | undefined;
  sold: number;
  statuses: Record<string, number>;
  /** The answers by status and problem code, e.g. `503 dependency_unavailable`. */
  answers: Record<string, number>;
  /** Inventory's own count afterwards; with `sold` it shows nothing was oversold. */
  finalQuantity: number | undefined;
  /** Units neither sold nor back in stock yet: reservations of orders that failed, released later. */
  heldUnits: number | undefined;
  /** Nothing oversold: sold + what is left never exceeds the stock. */
  correct: boolean;
  wallMs: number;
  latencyMs: LatencySummary;
  /** The product item as DynamoDB sizes it: before the first order, its largest seen, after the last answer, settled. */
  itemBytes?: { before: number; max: number; afterBurst: number; settled: number | undefined };
  /** Write units of the reservation writes (the stock changes) by the meter: the first, the last, the largest. */
  stockChangeWcu?: { first: number; last: number; max: number; count: number; ops: string[] };
  /** From the last answer until the ledger settle was done: every movement a row; its last request. */
  settleLagMs?: { rows: number | undefined; meter: number | undefined };
  /** One order of another product placed right after the last answer: is it served at once? */
  nextOrder: { status: number; ms: number };
}

export interface HotProductResult {
  cases: HotCase[];
}

/** The function whose writes are the stock changes of an order (its reservation). */
const RESERVATION_FN = 'inventory-create-reservation';
const SETTLE_FN = 'inventory-settle-ledger';

/**
 * One product, many buyers, one unit each: `scarce` (more orders than units, all at once: nothing
 * oversold), `paced` (1,000 orders on 500 units at the order route's own rate limit, as a flash sale
 * within the limits) and `burst` (the order route's burst at once on ample stock: all should sell).
 * With the meter and DynamoDB Local's endpoint it also follows the product item's size, the write
 * units of the first and last stock change, and how long the ledger settle lags behind.
 */
export async function hotProduct(
  api: Api,
  tools: { meter?: MeterLog; dynamodbEndpoint?: string } = {},
): Promise<HotProductResult> {
  const rate = rateOf(placeOrder as { rate?: RateLimit });
  const items = tools.dynamodbEndpoint ? openProductItems(tools.dynamodbEndpoint) : undefined;
  const only = process.env.BENCH_HOT_CASES?.split(',').map((s) => s.trim());
  const pace = Number(process.env.BENCH_HOT_RATE || rate.perSecond);
  const plans: Plan[] = [
    { name: 'scarce', what: 'all at once, fewer units than orders', stock: 50, orders: 200 },
    {
      name: 'paced',
      what: `paced at ${pace}/s (the route's rate ${rate.perSecond}/s, burst ${rate.burst})`,
      stock: 500,
      orders: 1000,
      perSecond: pace,
    },
    {
      name: 'burst',
      what: `the route's burst (${rate.burst}) at once, ample stock`,
      stock: 100_000,
      orders: rate.burst,
    },
  ];
  const cases: HotCase[] = [];
  try {
    for (const plan of plans.filter((p) => !only || only.includes(p.name))) {
      cases.push(await runCase(api, plan, tools.meter, items));
    }
  } finally {
    items?.close();
  }
  return { cases };
}

interface Plan {
  name: HotCase['name'];
  what: string;
  stock: number;
  orders: number;
  perSecond?: number;
}

async function runCase(api: Api, plan: Plan, meter?: MeterLog, items?: ProductItems): Promise<HotCase> {
  const productId = `${runTag}-hot-${plan.name}`;
  const nextProductId = `${productId}-next`;
  await createPricedProducts(api, [
    { productId, quantity: plan.stock, amount: 990 },
    { productId: nextProductId, quantity: 10, amount: 990 },
  ]);
  await meter?.quiet();
  const before = items ? await items.size(productId) : undefined;
  let max = before ?? 0;
  let sampling = Boolean(items);
  const sampler = (async () => {
    while (sampling && items) {
      max = Math.max(max, (await items.size(productId).catch(() => 0)) ?? 0);
      await sleep(250);
    }
  })();

  const from = Date.now();
  const latencies: number[] = [];
  const answers: string[] = [];
  const started = performance.now();
  const statuses = await Promise.all(
    Array.from({ length: plan.orders }, async (_, i) => {
      if (plan.perSecond) await sleep(Math.max(0, started + (i * 1000) / plan.perSecond - performance.now()));
      const t0 = performance.now();
      const answer = await api.call('POST', '/sales/orders', orderBody([productId], `hot-${plan.name}-${i}`));
      latencies.push(performance.now() - t0);
      const code = (answer.body as { code?: unknown } | undefined)?.code;
      return {
        status: answer.status,
        answer: typeof code === 'string' ? `${answer.status} ${code}` : `${answer.status}`,
      };
    }),
  ).then((all) => {
    answers.push(...all.map((a) => a.answer));
    return all.map((a) => a.status);
  });
  const wallMs = performance.now() - started;
  const lastAnswer = Date.now();
  const nextStarted = performance.now();
  const next = await api.call('POST', '/sales/orders', orderBody([nextProductId], `hot-${plan.name}-next`));
  const nextOrder = { status: next.status, ms: round(performance.now() - nextStarted) };
  sampling = false;
  await sampler;
  const afterBurst = items ? await items.size(productId) : undefined;

  const rowsAt = items ? await items.ledgerSettled(productId) : undefined;
  const quietAt = meter ? await meter.quiet({ from }) : undefined;
  const lines = meter ? meter.since(from, (quietAt ?? Date.now()) + 1) : [];
  const settles = lines.filter((l) => l.fn === SETTLE_FN);
  const settleEnd = settles.length > 0 ? Math.max(...settles.map((l) => l.t + l.ms)) : undefined;
  const changes = lines.filter((l) => l.fn === RESERVATION_FN && l.ok && l.wcu > 0).sort((a, b) => a.t - b.t);
  const settled = items ? await items.size(productId) : undefined;

  const product = await api.call('GET', `/inventory/products/${productId}`);
  const sold = statuses.filter((s) => s === 201).length;
  const finalQuantity = product.status === 200 ? (product.body.quantity as number) : undefined;
  return {
    name: plan.name,
    what: plan.what,
    stock: plan.stock,
    orders: plan.orders,
    pacedPerSecond: plan.perSecond,
    sold,
    statuses: tally(statuses),
    answers: tally(answers),
    finalQuantity,
    heldUnits: finalQuantity === undefined ? undefined : plan.stock - sold - finalQuantity,
    correct: finalQuantity !== undefined && finalQuantity >= 0 && sold + finalQuantity <= plan.stock,
    wallMs: round(wallMs),
    latencyMs: summarize(latencies),
    nextOrder,
    ...(before !== undefined && afterBurst !== undefined
      ? { itemBytes: { before, max: Math.max(max, afterBurst), afterBurst, settled } }
      : {}),
    ...(changes.length > 0
      ? {
          stockChangeWcu: {
            first: changes[0]!.wcu,
            last: changes.at(-1)!.wcu,
            max: Math.max(...changes.map((l) => l.wcu)),
            count: changes.length,
            ops: [...new Set(changes.map((l) => l.op))],
          },
        }
      : {}),
    ...(items || meter
      ? {
          settleLagMs: {
            rows: rowsAt === undefined ? undefined : Math.max(0, rowsAt - lastAnswer),
            meter: settleEnd === undefined ? undefined : Math.max(0, settleEnd - lastAnswer),
          },
        }
      : {}),
  };
}
