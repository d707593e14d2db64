import type { Bundle } from './bundles.ts';
import type { InitTiming } from './cold-init.ts';
import type { ConsoleResult } from './console.ts';
import type { DrainResult } from './drain.ts';
import type { HotProductResult } from './hot-product.ts';
import type { Machine } from './machine.ts';
import type { MailLatencyResult } from './mail-latency.ts';
import type { MemoryReport } from './memory-sampler.ts';
import type { StepTiming } from './order-anatomy.ts';
import type { CellResult } from './order-throughput.ts';
import type { PropagationResult } from './price-propagation.ts';
import {
  drainMarkdown,
  hotMarkdown,
  reportLatencyMarkdown,
  requestsMarkdown,
  singleItemMarkdown,
} from './report-cost.ts';
import type { ReportLatencyRow } from './report-latency.ts';
import type { RequestsResult } from './requests.ts';

export interface OrderRow {
  orders: CellResult;
  floor?: CellResult;
  /** orders/s ÷ raw transactions/s of the same shape and concurrency. */
  ratio?: number;
}

export interface Results {
  machine: Machine;
  config: Record<string, unknown>;
  orderPlacement?: OrderRow[];
  requests?: RequestsResult;
  hotProduct?: HotProductResult;
  drain?: DrainResult;
  reportLatency?: ReportLatencyRow[];
  /** Single-item TransactWriteItems over the whole run, by function (from the DynamoDB meter). */
  singleItemTransactions?: Record<string, number>;
  pricePropagation?: PropagationResult;
  mailLatency?: MailLatencyResult;
  console?: ConsoleResult;
  orderAnatomy?: StepTiming[];
  functions?: (Bundle & Partial<InitTiming>)[];
  /** What the largest bundle is made of, by package, KiB of minified output. */
  largestBundleComposition?: { handler: string; packages: { name: string; kib: number }[] };
  memory?: MemoryReport;
  errors: Record<string, string>;
  totalWallSeconds?: number;
}

const n = (x: number | undefined, digits = 1) =>
  x === undefined || Number.isNaN(x) ? '–' : x.toFixed(digits).replace(/\.0+$/, '');

const table = (header: string[], rows: (string | number)[][]) =>
  [
    `| ${header.join(' | ')} |`,
    `|${header.map((_h, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

const statuses = (s: Record<string, number>) =>
  Object.entries(s)
    .map(([k, v]) => `${k}×${v}`)
    .join(' ');

/** The one number issue 16 sets a goal on: one-line orders against the raw transaction at concurrency 8. */
function headlineRatio(rows: readonly OrderRow[]): string[] {
  const row = rows.find((x) => x.orders.lines === 1 && x.orders.concurrency === 8);
  if (!row) return [];
  return [
    `**One line at concurrency 8: ${n(row.orders.perSecond)} orders/s against ${n(row.floor?.perSecond)} raw ` +
      `transactions/s in the same run: ratio ${row.ratio === undefined ? '–' : n(row.ratio, 3)}** (goal ≥ 0.25).`,
    '',
  ];
}

export function markdown(r: Results): string {
  const m = r.machine;
  const out: string[] = [
    `## Benchmark — ${m.date.slice(0, 10)}`,
    '',
    `${m.nproc} × ${m.cpuModel}, ${n(m.totalMemoryMiB / 1024)} GiB RAM, Node ${m.node}, ${m.java}; ` +
      `load average at start ${m.loadAverageAtStart.join(' / ')}. Everything (load generator, runtime, ` +
      `DynamoDB Local) on this one machine. Up to ${r.config.ordersPerCell} orders per cell (none started ` +
      `after ${r.config.cellSecondsCap} s; raw cells ${r.config.floorCellSecondsCap} s), one unit per line, each ` +
      `concurrent slot on its own products (no stock contention). Total run ${n(r.totalWallSeconds)} s.`,
    '',
  ];
  if (r.orderPlacement) {
    out.push(
      '### Order placement (`POST /sales/orders`) against the raw reservation transaction',
      '',
      table(
        [
          'lines',
          'concurrency',
          'orders',
          'orders/s',
          'p50 ms',
          'p95 ms',
          'p99 ms',
          'statuses',
          'raw tx',
          'raw tx/s',
          'raw p50 ms',
          'raw p99 ms',
          'orders/s ÷ raw tx/s',
        ],
        r.orderPlacement.map(({ orders: o, floor: f, ratio }) => [
          o.lines,
          o.concurrency,
          o.requests,
          n(o.perSecond),
          n(o.latencyMs.p50),
          n(o.latencyMs.p95),
          n(o.latencyMs.p99),
          statuses(o.statuses),
          f?.requests ?? '–',
          n(f?.perSecond),
          n(f?.latencyMs.p50),
          n(f?.latencyMs.p99),
          ratio === undefined ? '–' : n(ratio, 3),
        ]),
      ),
      '',
      ...headlineRatio(r.orderPlacement),
      'Raw tx: the reservation write itself, one TransactWriteItems of lines + 2 items (per line the ' +
        'conditional relative product update carrying its movement; the reservation put; its tombstone check), ' +
        'sent straight to the same DynamoDB Local, table defined like `inventory`.',
      '',
    );
  }
  if (r.requests) out.push(...requestsMarkdown(r.requests));
  out.push(...singleItemMarkdown(r.singleItemTransactions));
  if (r.hotProduct) out.push(...hotMarkdown(r.hotProduct));
  if (r.reportLatency) out.push(...reportLatencyMarkdown(r.reportLatency));
  if (r.drain) out.push(...drainMarkdown(r.drain));
  if (r.console) {
    const c = r.console;
    out.push(
      '### Operator console',
      '',
      'The built assets gzipped (goal ≤ 120 KiB of JS), and the time from navigating to `/console/` (signed in as',
      '`gerente`) to the home screen with its data shown, in headless Chromium (goal ≤ 1 s p50).',
      '',
      table(
        ['JS gzip KiB', 'CSS gzip KiB', 'samples', 'home p50 ms', 'home p99 ms'],
        [[c.jsGzipKiB, c.cssGzipKiB, c.samples, n(c.homeMs.p50), n(c.homeMs.p99)]],
      ),
      '',
    );
  }
  if (r.mailLatency) {
    const m = r.mailLatency;
    out.push(
      '### Order to e-mail',
      '',
      "From an order's `201` (with a contact) to its receipt in the local mailbox (`GET /__local/mail`).",
      '',
      table(
        ['samples', 'p50 ms', 'p99 ms', 'max ms', 'timed out'],
        [[m.samples, n(m.latencyMs.p50), n(m.latencyMs.p99), n(m.latencyMs.max), m.timedOut]],
      ),
      '',
    );
  }
  if (r.pricePropagation) {
    const p = r.pricePropagation;
    out.push(
      '### Price propagation',
      '',
      'From `PUT /prices/products/{id}` answered to the answer of the first order charged the new price.',
      '',
      table(
        ['samples', 'p50 ms', 'p99 ms', 'max ms', 'orders per sample (median / max)', 'timed out'],
        [
          [
            p.samples,
            n(p.latencyMs.p50),
            n(p.latencyMs.p99),
            n(p.latencyMs.max),
            `${p.ordersPerSample.median} / ${p.ordersPerSample.max}`,
            p.timedOut,
          ],
        ],
      ),
      '',
    );
  }
  if (r.orderAnatomy) {
    out.push(
      '### The calls of one order, alone (concurrency 1)',
      '',
      table(
        ['call', 'p50 ms', 'p95 ms', 'statuses'],
        r.orderAnatomy.map((s) => [s.step, n(s.latencyMs.p50), n(s.latencyMs.p95), s.statuses.join(', ')]),
      ),
      '',
    );
  }
  if (r.functions) {
    out.push(
      '### Functions: bundle size and cold init',
      '',
      'esbuild as the CDK app bundles (ESM, minified, node24, `@aws-sdk/*` external, createRequire banner); ' +
        `init = importing the bundle in a fresh Node process with the function's environment and ` +
        '`--enable-source-maps`, median of ' +
        `${r.config.initRuns} runs.`,
      '',
      table(
        ['function', 'kind', 'minified KiB', 'gzip KiB', 'init ms', 'process ms'],
        r.functions.map((f) => [
          `\`${f.handler}\``,
          f.kinds.join(', '),
          n(f.minifiedKiB),
          n(f.gzipKiB),
          f.error ? `error: ${f.error}` : n(f.initMs),
          n(f.processMs),
        ]),
      ),
      '',
    );
    if (r.largestBundleComposition) {
      const c = r.largestBundleComposition;
      out.push(
        `Largest bundle \`${c.handler}\` by package (KiB): ` +
          c.packages.map((p) => `${p.name} ${n(p.kib)}`).join(', '),
        '',
      );
    }
  }
  if (r.memory) {
    out.push(
      '### Memory of the runtime',
      '',
      `Peak resident set of the whole process tree: ${n(r.memory.peakTreeRssMiB)} MiB ` +
        `(${r.memory.samples} samples every ${r.memory.intervalMs} ms).`,
      '',
      table(
        ['process', 'peak RSS (VmHWM) MiB'],
        r.memory.processes.filter((p) => p.hwmMiB >= 1).map((p) => [`\`${p.command}\``, n(p.hwmMiB)]),
      ),
      '',
    );
  }
  const errors = Object.entries(r.errors);
  if (errors.length > 0) {
    out.push('### Sections that did not complete', '', ...errors.map(([k, v]) => `- ${k}: ${v}`), '');
  }
  return out.join('\n');
}
