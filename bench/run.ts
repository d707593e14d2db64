/**
 * `npm run bench`: starts its own local runtime (or uses API_URL), measures order placement against the
 * raw DynamoDB floor, stock contention, price propagation, order-to-e-mail time, bundle sizes, cold init
 * and memory, prints a markdown table and writes bench/results/latest.json and latest.md. It reports
 * numbers and never fails on them: a section that breaks is recorded under `errors` and the run goes on
 * (exit 0). Only a harness failure (no runtime) exits non-zero.
 *
 * Knobs: BENCH_ORDERS (orders per cell, 200), BENCH_CELL_SECONDS (15: a cell starts no order after
 * it; the raw floor's cells stop at 5 s), BENCH_INIT_RUNS (5), BENCH_ONLY (comma list of sections: setup, floor,
 * orders, requests, hot, price, anatomy, mail, console, reports, drain, functions; all but functions need setup),
 * BENCH_LOG_LEVEL (the runtime's, WARN), BENCH_CPU_PROF=1 (the runtime writes .cpuprofile files to .bench-tmp/profiles; see profile-summary.ts),
 * BENCH_REQUEST_ORDERS (orders per cell of `requests`, 20), BENCH_HOT_CASES (scarce,paced,burst), BENCH_HOT_RATE
 * (the paced case's orders/s, the route's rate), BENCH_DRAIN_EVENTS (5000), BENCH_DRAIN_FAULT_SECONDS (15),
 * BENCH_METER_QUIET_MS (3000: the meter is "quiet" after this long without a request the bench set off).
 * The sections requests, hot and drain start the runtime with the DynamoDB meter (DYNAMODB_METER_FILE,
 * lib/dynamodb/meter.ts); its lines are kept in .bench-tmp/dynamodb-meter-<run>.jsonl. Against API_URL the
 * meter is read from DYNAMODB_METER_FILE when that runtime was started with the same file.
 * A partial run (BENCH_ONLY or BENCH_CPU_PROF) writes bench/results/partial.*.tmp instead of latest.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot } from '../test/support/runtime.ts';
import { bundleAll } from './bundles.ts';
import { coldInit } from './cold-init.ts';
import { consoleTiming } from './console.ts';
import { drainBacklog } from './drain.ts';
import { createPricedProducts, orderBody, runTag } from './fixtures.ts';
import { hotProduct } from './hot-product.ts';
import { openApi } from './http.ts';
import { runClosedLoop } from './load.ts';
import { describeMachine } from './machine.ts';
import { mailLatency } from './mail-latency.ts';
import { sampleMemory } from './memory-sampler.ts';
import { openMeterLog, singleItemTransactions } from './meter-log.ts';
import { orderAnatomy } from './order-anatomy.ts';
import { type Cell, orderCell, productsNeeded, slotProducts } from './order-throughput.ts';
import { pricePropagation } from './price-propagation.ts';
import { openFloor } from './raw-floor.ts';
import { markdown, type OrderRow, type Results } from './report.ts';
import { reportLatency } from './report-latency.ts';
import { requestCost } from './requests.ts';
import { round } from './stats.ts';
import { openTarget } from './target.ts';

const started = performance.now();
const ordersPerCell = Number(process.env.BENCH_ORDERS || 200);
const initRuns = Number(process.env.BENCH_INIT_RUNS || 5);
/** A cell stops starting orders after this long, so a busy machine still finishes in about 4 minutes. */
const cellMs = Number(process.env.BENCH_CELL_SECONDS || 15) * 1000;
const floorCellMs = Math.min(cellMs, 5000);
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const profile = process.env.BENCH_CPU_PROF === '1';
const wants = (section: string) => !only || only.includes(section);
const cells: Cell[] = [1, 5].flatMap((lines) => [1, 8, 32].map((concurrency) => ({ lines, concurrency })));

const scratch = join(repoRoot, '.bench-tmp', runTag);
const profileDir = join(repoRoot, '.bench-tmp', 'profiles', runTag);
/** The DynamoDB meter, for the sections that count requests and units. */
const metered = ['requests', 'hot', 'drain'].some(wants);
const meterFile = process.env.API_URL
  ? process.env.DYNAMODB_METER_FILE
  : metered
    ? join(repoRoot, '.bench-tmp', `dynamodb-meter-${runTag}.jsonl`)
    : undefined;
const meter = meterFile ? openMeterLog(meterFile) : undefined;
const say = (line: string) =>
  process.stderr.write(`[bench ${round((performance.now() - started) / 1000)}s] ${line}\n`);

const results: Results = {
  machine: describeMachine(),
  config: {
    ordersPerCell,
    cellSecondsCap: cellMs / 1000,
    floorCellSecondsCap: floorCellMs / 1000,
    cells,
    initRuns,
    target: process.env.API_URL
      ? 'API_URL'
      : `own runtime (DEMO_DATA=false, LOG_LEVEL=${process.env.BENCH_LOG_LEVEL ?? 'WARN'})`,
    only: only ?? null,
    cpuProfile: profile,
    dynamodbMeter: meterFile ?? null,
  },
  errors: {},
};

async function section<T>(name: string, run: () => Promise<T>): Promise<T | undefined> {
  if (!wants(name)) return undefined;
  say(`${name}…`);
  try {
    return await run();
  } catch (error) {
    results.errors[name] = (error as Error).message;
    say(`${name} failed: ${(error as Error).stack}`);
    return undefined;
  }
}

// The scratch space ignores itself, so neither bundles nor profiles can be committed by accident.
mkdirSync(join(repoRoot, '.bench-tmp'), { recursive: true });
writeFileSync(join(repoRoot, '.bench-tmp', '.gitignore'), '*\n');

say(
  process.env.API_URL
    ? `using the runtime at API_URL`
    : `starting a runtime${profile ? ` with --cpu-prof into ${profileDir}` : ''}`,
);
if (profile) mkdirSync(profileDir, { recursive: true });
const target = await openTarget(
  {
    ...(profile
      ? {
          NODE_OPTIONS: [
            `--cpu-prof --cpu-prof-dir=${profileDir}`,
            `--import=${new URL(`./worker-profiler.ts?dir=${encodeURIComponent(profileDir)}`, import.meta.url).href}`,
          ].join(' '),
        }
      : {}),
    ...(process.env.BENCH_LOG_LEVEL ? { LOG_LEVEL: process.env.BENCH_LOG_LEVEL } : {}),
    ...(meterFile ? { DYNAMODB_METER_FILE: meterFile } : {}),
  },
  join(repoRoot, '.bench-tmp', `runtime-${runTag}.log`),
).catch((error: Error) => {
  process.stderr.write(`bench: could not start or reach the runtime: ${error.message}\n`);
  process.exit(1);
});
const memory = target.pid ? sampleMemory(target.pid) : undefined;
const stopTarget = () => target.stop().catch((error: Error) => say(`stopping the runtime: ${error.message}`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void stopTarget().then(() => process.exit(130));
  });
}

try {
  say(`runtime at ${target.baseUrl}`);
  const api = await openApi(target.baseUrl);
  const ids = Array.from({ length: productsNeeded(cells) }, (_, i) => `${runTag}-p${i}`);

  const ready = await section('setup', async () => {
    await createPricedProducts(
      api,
      ids.map((productId) => ({ productId, quantity: 1_000_000, amount: 1990 })),
    );
    // Warm every worker and module on the order path, with both shapes.
    for (const lines of [1, 5]) {
      await runClosedLoop(40, 4, (_i, slot) =>
        api.call('POST', '/sales/orders', orderBody(slotProducts(ids, { lines, concurrency: 4 }, slot))),
      );
    }
    return true;
  });

  if (ready) {
    const rows: OrderRow[] = [];
    const floor = await section('floor', async () => {
      if (!target.dynamodbEndpoint) throw new Error('no DynamoDB endpoint (set AWS_ENDPOINT_URL_DYNAMODB)');
      const floor = await openFloor(target.dynamodbEndpoint);
      try {
        await floor.cell({ lines: 5, concurrency: 8 }, 50); // warm the JIT and DynamoDB Local
        const measured = [];
        for (const cell of cells) measured.push(await floor.cell(cell, ordersPerCell, floorCellMs));
        return measured;
      } finally {
        await floor.close();
      }
    });
    await section('orders', async () => {
      for (const cell of cells) {
        await sleep(1000); // let the previous cell's events drain
        const orders = await orderCell(api, ids, cell, ordersPerCell, cellMs);
        const raw = floor?.find((f) => f.lines === cell.lines && f.concurrency === cell.concurrency);
        rows.push({
          orders,
          floor: raw,
          ratio: raw ? round(orders.perSecond / raw.perSecond, 3) : undefined,
        });
        say(
          `  ${cell.lines} line(s) × ${cell.concurrency}: ${orders.perSecond} orders/s, p50 ${orders.latencyMs.p50} ms`,
        );
      }
    });
    if (rows.length > 0) results.orderPlacement = rows;
    results.requests = await section('requests', () => {
      if (!meter)
        throw new Error(
          'no DynamoDB meter (against API_URL, set DYNAMODB_METER_FILE as that runtime has it)',
        );
      return requestCost(api, meter, Number(process.env.BENCH_REQUEST_ORDERS || 20));
    });
    results.hotProduct = await section('hot', () =>
      hotProduct(api, { meter, dynamodbEndpoint: target.dynamodbEndpoint }),
    );
    results.pricePropagation = await section('price', () => pricePropagation(api));
    results.orderAnatomy = await section('anatomy', () => orderAnatomy(api));
    results.mailLatency = await section('mail', () => mailLatency(api));
    results.console = await section('console', () => consoleTiming(api.baseUrl));
    results.reportLatency = await section('reports', () => {
      if (!target.dynamodbEndpoint) throw new Error('no DynamoDB endpoint (set AWS_ENDPOINT_URL_DYNAMODB)');
      return reportLatency(api, target.dynamodbEndpoint, { say: (line) => say(`  ${line}`) });
    });
    // Last of the sections on the runtime: its 5,000 events keep the consumers busy for a while.
    results.drain = await section('drain', () => {
      if (!target.dynamodbEndpoint || !target.messagingEndpoint) throw new Error('no emulator endpoints');
      return drainBacklog(
        api,
        { dynamodb: target.dynamodbEndpoint, messaging: target.messagingEndpoint },
        meter,
      );
    });
  }
  if (meter) results.singleItemTransactions = singleItemTransactions(meter.lines());

  await section('functions', async () => {
    const bundles = await bundleAll(scratch);
    say(`  ${bundles.length} bundles; timing cold init, ${initRuns} runs each`);
    const endpoints = {
      baseUrl: target.baseUrl,
      dynamodb: target.dynamodbEndpoint ?? 'http://127.0.0.1:9',
      messaging: target.messagingEndpoint ?? 'http://127.0.0.1:9',
    };
    const inits = await coldInit(bundles, endpoints, initRuns);
    results.functions = bundles.map((b) => ({ ...b, ...inits.find((i) => i.handler === b.handler) }));
    const largest = [...bundles].sort((a, b) => b.minifiedKiB - a.minifiedKiB)[0];
    if (largest)
      results.largestBundleComposition = { handler: largest.handler, packages: largest.composition };
  });
} finally {
  results.memory = memory?.stop();
  if (target.own) say('stopping the runtime');
  await stopTarget();
  rmSync(scratch, { recursive: true, force: true });
}

results.totalWallSeconds = round((performance.now() - started) / 1000);
const md = markdown(results);
const dir = join(repoRoot, 'bench', 'results');
mkdirSync(dir, { recursive: true });
const partial = Boolean(only) || profile;
const write = (name: string, text: string) => {
  const file = join(dir, partial ? `partial.${name}.tmp` : name);
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
  return file;
};
const jsonFile = write('latest.json', `${JSON.stringify(results, null, 2)}\n`);
const mdFile = write('latest.md', `${md}\n`);
process.stdout.write(`\n${md}\n`);
say(`wrote ${jsonFile} and ${mdFile}`);
if (profile) say(`profiles: node bench/profile-summary.ts ${profileDir}`);
