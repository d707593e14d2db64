import type { DrainResult } from './drain.ts';
import type { HotProductResult } from './hot-product.ts';
import type { ReportLatencyRow } from './report-latency.ts';
import type { RequestsResult } from './requests.ts';

/** Markdown of the cost sections (issue 16): requests per order, the hot product, the backlog drain. */
const n = (x: number | undefined, digits = 1) =>
  x === undefined || Number.isNaN(x)
    ? '–'
    : x
        .toFixed(digits)
        .replace(/\.0+$/, '')
        .replace(/(\.\d*?)0+$/, '$1');

const table = (header: string[], rows: (string | number)[][]) =>
  [
    `| ${header.join(' | ')} |`,
    `|${header.map((_h, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

const listed = (s: Record<string, number>) =>
  Object.entries(s)
    .map(([k, v]) => `${k}×${v}`)
    .join(' ') || 'none';

export function requestsMarkdown(r: RequestsResult): string[] {
  const out = [
    '### DynamoDB requests per order',
    '',
    `${r.ordersPerCell} orders per cell, one after another, each on products of its own, sold once before (what an instance learns once, product names, is not counted per order); counted by an SDK ` +
      'middleware in every function (`DYNAMODB_METER_FILE`, lib/dynamodb/meter.ts) until every consumer the ' +
      'orders set off was done (outbox publisher, Inventory, the ledger settle, notifications). The schedules ' +
      '(outbox sweep, expiry, promotions) are left out. Units as DynamoDB Local answers them; "AWS WCU ≥" ' +
      'counts a transaction at 2 per item at least (DynamoDB Local answers 4 for any transaction of small items).',
    '',
    table(
      [
        'lines',
        'Idempotency-Key',
        'statuses',
        'p50 ms',
        'requests / order',
        'failed / order',
        'WCU',
        'AWS WCU ≥',
        'RCU',
        'settled ms',
        'single-item transactions',
      ],
      r.cells.map((c) => [
        c.lines,
        c.idempotencyKey ? 'yes' : 'no',
        listed(c.statuses),
        n(c.latencyMs.p50),
        `**${n(c.perOrder.requests, 2)}**`,
        n(c.perOrder.failed, 2),
        n(c.perOrder.wcu, 2),
        n(c.perOrder.awsWcu, 2),
        n(c.perOrder.rcu, 2),
        c.settledMs,
        listed(c.singleItemTransactions),
      ]),
    ),
    '',
  ];
  for (const c of r.cells) {
    out.push(
      `<details><summary>${c.lines} line(s), ${c.idempotencyKey ? 'with' : 'without'} an Idempotency-Key: ` +
        `${n(c.perOrder.requests, 2)} requests per order — ` +
        c.byFunction.map((f) => `${f.fn} ${n(f.requests, 2)}`).join(', ') +
        '</summary>',
      '',
      table(
        [
          'function',
          'operation',
          'table',
          'requests / order',
          'items each',
          'failed',
          'retries',
          'WCU',
          'AWS WCU ≥',
          'RCU',
        ],
        c.rows.map((row) => [
          `\`${row.fn}\``,
          row.op,
          row.table,
          n(row.requests, 2),
          n(row.items),
          n(row.failed, 2),
          n(row.retries, 2),
          n(row.wcu, 2),
          n(row.awsWcu, 2),
          n(row.rcu, 2),
        ]),
      ),
      '',
      '</details>',
      '',
    );
  }
  return out;
}

export function hotMarkdown(h: HotProductResult): string[] {
  return [
    '### Hot product',
    '',
    "One product, one unit per order. Final stock: Inventory's count right after the last answer, and the " +
      'units still held then by reservations of orders that did not succeed (released later); correct: nothing ' +
      'oversold (sold + final ≤ stock). Item bytes: the product item as DynamoDB sizes it (attribute names + ' +
      'values), before the first order / largest seen / right after the last answer / once settled. Stock-change ' +
      'WCU: the reservation writes (`inventory-create-reservation`) by the meter, first / last / largest, as ' +
      'DynamoDB Local counts them. Settle lag: from the last answer until every movement of the product was a ' +
      "settled row (no pending row left) / until the ledger settle's last request. Next order: one order of " +
      'another product placed right after the last answer, its status and time.',
    '',
    table(
      [
        'case',
        'orders',
        'stock',
        'sold',
        'answers',
        'final stock',
        'correct',
        'wall s',
        'p50 ms',
        'p99 ms',
        'item bytes',
        'stock-change WCU',
        'settle lag ms',
        'next order',
      ],
      h.cases.map((c) => [
        `${c.name}: ${c.what}`,
        c.orders,
        c.stock,
        c.sold,
        listed(c.answers),
        `${c.finalQuantity ?? '–'} (${c.heldUnits ?? '–'} held)`,
        c.correct ? 'yes' : 'NO',
        n(c.wallMs / 1000, 2),
        n(c.latencyMs.p50),
        n(c.latencyMs.p99),
        c.itemBytes
          ? `${c.itemBytes.before} / ${c.itemBytes.max} / ${c.itemBytes.afterBurst} / ${c.itemBytes.settled ?? '–'}`
          : '–',
        c.stockChangeWcu
          ? `${n(c.stockChangeWcu.first)} / ${n(c.stockChangeWcu.last)} / ${n(c.stockChangeWcu.max)} (${c.stockChangeWcu.count} × ${c.stockChangeWcu.ops.join(', ')})`
          : '–',
        c.settleLagMs ? `${c.settleLagMs.rows ?? '–'} / ${c.settleLagMs.meter ?? '–'}` : '–',
        c.nextOrder ? `${c.nextOrder.status} in ${n(c.nextOrder.ms)} ms` : '–',
      ]),
    ),
    '',
  ];
}

export function drainMarkdown(d: DrainResult): string[] {
  return [
    '### Backlog drain after a messaging fault',
    '',
    `Messaging unavailable (\`POST /__local/faults\`), ${d.events} PriceChanged events written into Pricing's ` +
      `outbox in the outbox row shape, the fault held ${d.faultSeconds} s more, then cleared; drained = none of ` +
      'them left in the outbox. Deliveries counted in the events log (what SNS delivered).',
    '',
    table(
      [
        'events',
        'drain s',
        'events/s',
        'left in outbox',
        'delivered once',
        'published twice',
        'missing',
        'removed by',
      ],
      [
        [
          d.events,
          d.drainMs === undefined ? 'not drained' : n(d.drainMs / 1000, 2),
          n(d.eventsPerSecond),
          d.leftInOutbox,
          d.delivered.unique,
          d.delivered.duplicates,
          d.delivered.missing,
          d.publishedBy ? listed(d.publishedBy) : '–',
        ],
      ],
    ),
    '',
  ];
}

/** Single-item TransactWriteItems over the whole run (every section, schedules included), by function. */
export function singleItemMarkdown(found: Record<string, number> | undefined): string[] {
  if (!found) return [];
  return [
    `Single-item \`TransactWriteItems\` over the whole run (all sections, schedules included): ${listed(found)}.`,
    '',
  ];
}

export function reportLatencyMarkdown(rows: readonly ReportLatencyRow[]): string[] {
  return [
    '### Sales report: latency and items read',
    '',
    'Orders seeded straight into the Sales table (bench/report-latency.ts), rollups built by the rebuild; ' +
      '`GET /sales/reports/sales` timed through the API. Items read: rollups / raw orders and returns of ' +
      'partial edge hours / requests, and the read units they consumed; against what reading every order ' +
      'of the range reads.',
    '',
    table(
      [
        'orders seeded',
        'days',
        'edges',
        'p50 ms',
        'min ms',
        'max ms',
        'items read',
        'read units',
        'without rollups',
        'rebuild s',
      ],
      rows.map((r) => [
        r.seededOrders,
        r.days,
        r.edges,
        n(r.latencyMs.p50),
        n(r.latencyMs.min),
        n(r.latencyMs.max),
        `${r.itemsRead.rollups} / ${r.itemsRead.raw} / ${r.itemsRead.requests}`,
        n(r.readUnits),
        r.itemsReadWithoutRollups,
        n(r.rebuildSeconds),
      ]),
    ),
    '',
  ];
}
