import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tableOf } from '#lib/catalogue/index.ts';
import { batchWrite, type WriteRequest } from '#lib/dynamodb/batch.ts';
import { mapConcurrently } from '#lib/map-concurrently.ts';
import { dummyCredentials, region } from '#local/aws.ts';
import type { Order, OrderLine } from '../functions/sales/domain/order.ts';
import { planCancel } from '../functions/sales/domain/order.ts';
import { planReturn } from '../functions/sales/domain/returns.ts';
import { orderPut, returnPut } from '../functions/sales/store/order-items.ts';
import { createdBetween, returnsBetween } from '../functions/sales/store/order-queries.ts';
import { rebuildRollups } from '../functions/sales/store/rollup-rebuild.ts';
import { POINTER_CACHE_MS, RollupStore } from '../functions/sales/store/rollup-store.ts';
import { makeSalesReport } from '../functions/sales/use-cases/report.ts';
import { type Api, expectStatus } from './http.ts';
import { median, round } from './stats.ts';

/** One report's cost: through the API (latency) and in items read (the same code, in this process). */
export interface ReportLatencyRow {
  /** Orders in the table's seeded year (5 % of them cancelled, 5 % partly returned). */
  seededOrders: number;
  days: number;
  /** `hours`: São Paulo days (03:00Z, whole UTC hours); `minutes`: edges at :17:23.456, read raw. */
  edges: 'hours' | 'minutes';
  latencyMs: { p50: number; min: number; max: number };
  /** Items the report read: rollups (and the pointer), orders and returns of the partial edge hours; its requests. */
  itemsRead: { rollups: number; raw: number; requests: number };
  /** What reading every order and return of the range (the report before rollups) reads. */
  itemsReadWithoutRollups: number;
  /** How long `npm run rollups:rebuild` (its code, `--idle`) took over the whole table. */
  rebuildSeconds: number;
}

const YEAR_START = Date.parse('2024-01-01T00:00:00.000Z');
const YEAR_MS = 366 * 86_400_000;
/** The São Paulo day 2024-12-31 starts here; ranges end at it, inside the seeded year. */
const END = Date.parse('2024-12-31T03:00:00.000Z');
const PRODUCTS = 40;
const RUNS = 5;

/**
 * A seeded order `i` of `n`: one to three lines of the bench's products. Its slot in the year is
 * `i × 7919 mod n` (a prime stride), so the first 1,000 of 100,000 are spread over the year as evenly
 * as all of them: the smaller table is the start of the larger one.
 */
function seededOrder(i: number, n: number, tag: string): { order: Order; extra: WriteRequest[] } {
  const slot = (i * 7919) % n;
  const createdAtMs = YEAR_START + Math.floor((slot + 0.37) * (YEAR_MS / n));
  const lines: OrderLine[] = Array.from({ length: 1 + (i % 3) }, (_, k) => {
    const p = (i * 7 + k * 13) % PRODUCTS;
    const quantity = 1 + ((i + k) % 4);
    const unitAmount = 500 + p * 25;
    return {
      productId: `${tag}-p${p}`,
      name: `Produto ${p}`,
      quantity,
      unitAmount,
      lineTotal: quantity * unitAmount,
      priceChanged: false,
    };
  });
  let order: Order = {
    orderId: `${tag}-o${String(i).padStart(7, '0')}`,
    status: 'CONFIRMED',
    customerId: `${tag}-c${i % 500}`,
    lines,
    total: { amount: lines.reduce((sum, l) => sum + l.lineTotal, 0), currency: 'BRL' },
    invoiceSeries: 1,
    invoiceNumber: i + 1,
    createdAt: new Date(createdAtMs).toISOString(),
    paymentId: `${tag}-pay${i}`,
  };
  const extra: WriteRequest[] = [];
  if (i % 20 === 7) {
    const at = new Date(createdAtMs + 3_600_000).toISOString();
    order = {
      ...order,
      status: 'CANCELLED',
      cancelledAt: at,
      refund: planCancel(order, 'client:admin', at).refund,
    };
  } else if (i % 20 === 13) {
    const plan = planReturn(order, {
      returnId: `${order.orderId}-r`,
      lines: [{ productId: lines[0]!.productId, quantity: 1 }],
      restock: true,
      actor: 'client:admin',
      at: new Date(createdAtMs + 2 * 86_400_000).toISOString(),
    });
    order = plan.order;
    extra.push({
      put: returnPut('', { ...plan.record, creditNoteNumber: i + 1 }).Put!.Item as Record<string, unknown>,
    });
  }
  return { order, extra };
}

/** Orders `from`…`to − 1` straight into the table, in the items the store writes (BatchWriteItem, 25 a request). */
async function seed(
  db: DynamoDBDocumentClient,
  table: string,
  from: number,
  to: number,
  n: number,
  tag: string,
) {
  const requests: WriteRequest[] = [];
  for (let i = from; i < to; i++) {
    const { order, extra } = seededOrder(i, n, tag);
    requests.push({ put: orderPut(table, order).Put!.Item as Record<string, unknown> }, ...extra);
  }
  const chunks = Array.from({ length: Math.ceil(requests.length / 250) }, (_, c) =>
    requests.slice(c * 250, (c + 1) * 250),
  );
  await mapConcurrently(chunks, 8, (chunk) => batchWrite(db, table, chunk));
}

/** A document client that counts the items its reads come back with (what a query was charged for). */
function countingClient(endpoint: string) {
  const client = new DynamoDBClient({ endpoint, region, credentials: dummyCredentials });
  const counted = { items: 0, requests: 0 };
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const output = result.output as { ScannedCount?: number; Item?: unknown };
      counted.requests++;
      counted.items += output.ScannedCount ?? (output.Item ? 1 : 0);
      return result;
    },
    { step: 'initialize', name: 'countItems' },
  );
  return {
    db: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
    counted,
    client,
  };
}

/** Until the rollup consumer has had nothing to do for a while (local runtime only; elsewhere at once). */
async function streamQuiet(api: Api) {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const answer = await fetch(`${api.baseUrl}/__local/status`).catch(() => undefined);
    if (!answer?.ok) return;
    const body = (await answer.json()) as { sources?: { name: string; lastInvokedAt: string | null }[] };
    const last = body.sources?.find((s) => s.name === 'sales-rollups')?.lastInvokedAt;
    if (!last || Date.now() - Date.parse(last) > 2_000) return;
    await sleep(500);
  }
}

/**
 * Report latency and items read for 1, 31 and 366 days with 1k and 100k orders in the table: the
 * orders (and their cancellations and returns) are seeded straight into the Sales table in the items
 * the store writes, the rollups built by the rebuild's own code, and GET /sales/reports/sales timed
 * through the API. The seeded year is 2024, so the bench's other orders (now) fall outside it. A
 * rebuild before seeding makes the stream pass the seeded orders over (dated before its generation).
 */
export async function reportLatency(
  api: Api,
  dynamodbEndpoint: string,
  options: { sizes?: readonly number[]; table?: string; say?: (line: string) => void } = {},
): Promise<ReportLatencyRow[]> {
  const sizes = options.sizes ?? [1_000, 100_000];
  const table = options.table ?? tableOf('sales').name;
  const say = options.say ?? (() => {});
  const tag = `rpt${Date.now().toString(36)}`;
  // Two clients, to tell the items read of the rollups (and the pointer) from the orders' and returns'.
  const [read, raw] = [countingClient(dynamodbEndpoint), countingClient(dynamodbEndpoint)];
  const rows: ReportLatencyRow[] = [];
  try {
    await rebuildRollups(raw.db, table, { idle: true });
    await sleep(POINTER_CACHE_MS + 1_000); // every consumer has read the pointer again
    const total = Math.max(...sizes);
    let seeded = 0;
    for (const size of [...sizes].sort((a, b) => a - b)) {
      // Spread as the largest size is, so each size is the first `size` of the same year, evenly.
      const started = performance.now();
      await seed(raw.db, table, seeded, size, total, tag);
      say(`  seeded ${size} orders in ${round((performance.now() - started) / 1000)} s`);
      seeded = size;
      await streamQuiet(api);
      const rebuildStarted = performance.now();
      await rebuildRollups(raw.db, table, { idle: true });
      const rebuildSeconds = round((performance.now() - rebuildStarted) / 1000);
      say(`  rebuilt the rollups over ${size} orders in ${rebuildSeconds} s`);
      const rollups = new RollupStore(read.db, table);
      const orders = {
        createdBetween: (f: string, t: string) => createdBetween(raw.db, table, f, t),
        returnsCreatedBetween: (f: string, t: string) => returnsBetween(raw.db, table, f, t),
      };
      const report = makeSalesReport({ orders, rollups, currency: 'BRL' });
      for (const [days, edges] of [
        [1, 'hours'],
        [31, 'hours'],
        [366, 'hours'],
        [366, 'minutes'],
      ] as const) {
        const shift = edges === 'minutes' ? -(17 * 60_000 + 23_456) : 0;
        const [from, to] = [
          new Date(END - days * 86_400_000 + shift).toISOString(),
          new Date(END + shift).toISOString(),
        ];
        const path = `/sales/reports/sales?from=${from}&to=${to}`;
        expectStatus(await api.call('GET', path, undefined, 'admin'), 200, `GET ${path}`); // warm
        const samples: number[] = [];
        for (let r = 0; r < RUNS; r++) {
          const t0 = performance.now();
          expectStatus(await api.call('GET', path, undefined, 'admin'), 200, `GET ${path}`);
          samples.push(performance.now() - t0);
        }
        for (const c of [read.counted, raw.counted]) Object.assign(c, { items: 0, requests: 0 });
        await report(new Date(from), new Date(to));
        const itemsRead = {
          rollups: read.counted.items,
          raw: raw.counted.items,
          requests: read.counted.requests + raw.counted.requests,
        };
        Object.assign(raw.counted, { items: 0 });
        await Promise.all([orders.createdBetween(from, to), orders.returnsCreatedBetween(from, to)]);
        rows.push({
          seededOrders: size,
          days,
          edges,
          latencyMs: {
            p50: median(samples),
            min: round(Math.min(...samples)),
            max: round(Math.max(...samples)),
          },
          itemsRead,
          itemsReadWithoutRollups: raw.counted.items,
          rebuildSeconds,
        });
        say(
          `  ${size} orders, ${days} days (${edges}): p50 ${median(samples)} ms, ${itemsRead.rollups} + ${itemsRead.raw} items read (${raw.counted.items} without rollups)`,
        );
      }
    }
  } finally {
    read.client.destroy();
    raw.client.destroy();
  }
  return rows;
}
