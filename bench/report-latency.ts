import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tableOf } from '#lib/catalogue/index.ts';
import { batchWrite, type WriteRequest } from '#lib/dynamodb/batch.ts';
import { opOf, units } from '#lib/dynamodb/meter.ts';
import { mapConcurrently } from '#lib/map-concurrently.ts';
import { dummyCredentials, region } from '#local/aws.ts';
import type { Order, OrderLine } from '../functions/sales/domain/order.ts';
import { planCancel } from '../functions/sales/domain/order.ts';
import { planReturn } from '../functions/sales/domain/returns.ts';
import { orderPut, returnPut } from '../functions/sales/store/order-items.ts';
import { createdBetween, returnsBetween } from '../functions/sales/store/order-queries.ts';
import { rebuildRollups } from '../functions/sales/store/rollup-rebuild.ts';
import { RollupStore } from '../functions/sales/store/rollup-store.ts';
import { makeSalesReport } from '../functions/sales/use-cases/report.ts';
import { type Api, expectStatus } from './http.ts';
import { median, round } from './stats.ts';

/** One report's cost: its latency and the items it read, over a table seeded with `seededOrders`. */
export interface ReportLatencyRow {
  /** Orders in the seeded year (5 % of them cancelled, 5 % partly returned). */
  seededOrders: number;
  days: number;
  /** `hours`: São Paulo days (03:00Z, whole UTC hours); `minutes`: edges at :17:23.456, read raw. */
  edges: 'hours' | 'minutes';
  /**
   * The report's own code (use case and stores, as the Lambda runs them) in this process, over a
   * stream-less scratch copy of the table: measured alike for every size (`scratchTable` says why).
   */
  latencyMs: { p50: number; min: number; max: number };
  /** GET /sales/reports/sales through the API, over the runtime's table; null for a size not seeded there. */
  apiMs: { p50: number; min: number; max: number } | null;
  /** Items the report read: rollups (and the pointer), orders and returns of the partial edge hours; its requests. */
  itemsRead: { rollups: number; raw: number; requests: number };
  /** The read units those requests consumed (eventually consistent: a Query's 4 KB of items, halved). */
  readUnits: number;
  /** What reading every order and return of the range (the report before rollups) reads. */
  itemsReadWithoutRollups: number;
  /** How long the rebuild (`npm run rollups:rebuild`'s code, `--idle`) took over the whole table. */
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
  const counted = { items: 0, requests: 0, readUnits: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const output = result.output as {
        ScannedCount?: number;
        Item?: unknown;
        ConsumedCapacity?: Parameters<typeof units>[1];
      };
      counted.requests++;
      counted.items += output.ScannedCount ?? (output.Item ? 1 : 0);
      counted.readUnits += units(opOf(context), output.ConsumedCapacity).rcu;
      return result;
    },
    { step: 'initialize', name: 'countItems' },
  );
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const reset = () => Object.assign(counted, { items: 0, requests: 0, readUnits: 0 });
  return { db, counted, client, reset };
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
 * A copy of the Sales table's keys and indexes without a stream. DynamoDB Local records every write in
 * its stream and slows down as the stream grows (measured here: about 230 items/s without one, 169 → 46
 * → 17 items/s over three rounds of 10,000 with one), so 100,000 orders seed in minutes only where no
 * stream is; the runtime's own table gets `apiSizes` (1,000) for the timings through the API.
 */
async function scratchTable(client: DynamoDBClient, name: string) {
  const def = tableOf('sales');
  const keys = [
    def.partitionKey,
    def.sortKey,
    ...def.globalIndexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ];
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: keys.map((key) => ({ AttributeName: key, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: def.partitionKey, KeyType: 'HASH' },
        { AttributeName: def.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: def.globalIndexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    }),
  );
  return () => client.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
}

const RANGES = [
  [1, 'hours'],
  [31, 'hours'],
  [366, 'hours'],
  [366, 'minutes'],
] as const;

const rangeOf = (days: number, edges: 'hours' | 'minutes') => {
  const shift = edges === 'minutes' ? -(17 * 60_000 + 23_456) : 0;
  return [
    new Date(END - days * 86_400_000 + shift).toISOString(),
    new Date(END + shift).toISOString(),
  ] as const;
};

async function timed(runs: number, run: () => Promise<unknown>) {
  await run(); // warm
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  }
  return { p50: median(samples), min: round(Math.min(...samples)), max: round(Math.max(...samples)) };
}

/**
 * Report latency and items read for 1, 31 and 366 days with 1k and 100k orders: the orders (and their
 * cancellations and returns) are seeded straight into a table in the items the store writes, the
 * rollups built by the rebuild's own code, and the report's own code timed and its reads counted,
 * over a stream-less scratch table for every size (see `scratchTable`); and GET /sales/reports/sales
 * timed through the API over the runtime's own Sales table for `apiSizes`. The seeded year is 2024, so
 * the bench's other orders (now) fall outside it.
 */
export async function reportLatency(
  api: Api,
  dynamodbEndpoint: string,
  options: { sizes?: readonly number[]; apiSizes?: readonly number[]; say?: (line: string) => void } = {},
): Promise<ReportLatencyRow[]> {
  const sizes = [...(options.sizes ?? [1_000, 100_000])].sort((a, b) => a - b);
  const apiSizes = [...(options.apiSizes ?? [1_000])].sort((a, b) => a - b);
  const say = options.say ?? (() => {});
  const tag = `rpt${Date.now().toString(36)}`;
  const total = Math.max(...sizes, ...apiSizes);
  // Two clients, to tell the items read of the rollups (and the pointer) from the orders' and returns'.
  const [read, raw] = [countingClient(dynamodbEndpoint), countingClient(dynamodbEndpoint)];
  const scratch = `bench-report-${tag}`;
  const dropScratch = await scratchTable(raw.client, scratch);
  const apiMs = new Map<string, ReportLatencyRow['apiMs']>();
  const rows: ReportLatencyRow[] = [];
  try {
    // Through the API, over the runtime's table. Its stream consumer rolls the seeded orders up too (into
    // the generation the rebuild then replaces), so it is let finish first.
    const sales = tableOf('sales').name;
    let seeded = 0;
    for (const size of apiSizes) {
      await seed(raw.db, sales, seeded, size, total, tag);
      seeded = size;
      await streamQuiet(api);
      await rebuildRollups(raw.db, sales, { idle: true });
      for (const [days, edges] of RANGES) {
        const [from, to] = rangeOf(days, edges);
        const path = `/sales/reports/sales?from=${from}&to=${to}`;
        const get = async () =>
          expectStatus(await api.call('GET', path, undefined, 'admin'), 200, `GET ${path}`);
        const timing = await timed(RUNS, get);
        apiMs.set(`${size}/${days}/${edges}`, timing);
        say(`  ${size} orders, ${days} days (${edges}): ${timing.p50} ms through the API`);
      }
    }
    seeded = 0;
    for (const size of sizes) {
      const started = performance.now();
      await seed(raw.db, scratch, seeded, size, total, tag);
      say(`  seeded ${size} orders in ${round((performance.now() - started) / 1000)} s`);
      seeded = size;
      const rebuildStarted = performance.now();
      await rebuildRollups(raw.db, scratch, { idle: true });
      const rebuildSeconds = round((performance.now() - rebuildStarted) / 1000);
      say(`  rebuilt the rollups over ${size} orders in ${rebuildSeconds} s`);
      const orders = {
        createdBetween: (f: string, t: string) => createdBetween(raw.db, scratch, f, t),
        returnsCreatedBetween: (f: string, t: string) => returnsBetween(raw.db, scratch, f, t),
      };
      const report = makeSalesReport({ orders, rollups: new RollupStore(read.db, scratch), currency: 'BRL' });
      for (const [days, edges] of RANGES) {
        const [from, to] = rangeOf(days, edges);
        const latencyMs = await timed(RUNS, () => report(new Date(from), new Date(to)));
        read.reset();
        raw.reset();
        await report(new Date(from), new Date(to));
        const itemsRead = {
          rollups: read.counted.items,
          raw: raw.counted.items,
          requests: read.counted.requests + raw.counted.requests,
        };
        const readUnits = read.counted.readUnits + raw.counted.readUnits;
        raw.reset();
        await Promise.all([orders.createdBetween(from, to), orders.returnsCreatedBetween(from, to)]);
        rows.push({
          seededOrders: size,
          days,
          edges,
          latencyMs,
          apiMs: apiMs.get(`${size}/${days}/${edges}`) ?? null,
          itemsRead,
          readUnits,
          itemsReadWithoutRollups: raw.counted.items,
          rebuildSeconds,
        });
        say(
          `  ${size} orders, ${days} days (${edges}): ${latencyMs.p50} ms, ${itemsRead.rollups} + ${itemsRead.raw} items read, ${readUnits} read units (${raw.counted.items} items without rollups)`,
        );
      }
    }
  } finally {
    await dropScratch();
    read.client.destroy();
    raw.client.destroy();
  }
  return rows;
}
