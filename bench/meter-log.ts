import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { schedules } from '../functions/catalogue.ts';
import type { MeterLine } from '../lib/dynamodb/meter.ts';

/**
 * The benchmark's reading of the DynamoDB meter (lib/dynamodb/meter.ts): the file the runtime's
 * workers append one line per DynamoDB request to, read incrementally as it grows.
 */
export interface MeterLog {
  file: string;
  /** Every line written so far, oldest first (by write, which is by answer). */
  lines(): MeterLine[];
  /** The lines of requests sent at or after `from` (epoch ms). */
  since(from: number, until?: number): MeterLine[];
  /**
   * Waits until no request set off by the bench's own calls has been written for `quietMs`: lines of
   * the schedules (outbox sweep, expiry, promotions), which run whether or not anything happens, are
   * not counted. Answers when the last counted line was sent (epoch ms), or undefined if none since `from`.
   */
  quiet(options?: { from?: number; quietMs?: number; timeoutMs?: number }): Promise<number | undefined>;
}

/** The functions that run on a timer, not because of an order: their requests are left out. */
export const scheduleNames: ReadonlySet<string> = new Set(schedules.map((s) => s.name));
export const setOff = (line: MeterLine) => !scheduleNames.has(line.fn);

export function openMeterLog(file: string): MeterLog {
  const all: MeterLine[] = [];
  let offset = 0;
  let partial = '';
  const poll = () => {
    if (!existsSync(file)) return;
    const size = statSync(file).size;
    if (size <= offset) return;
    const fd = openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(size - offset);
      const read = readSync(fd, buffer, 0, buffer.length, offset);
      offset += read;
      const text = partial + buffer.subarray(0, read).toString('utf8');
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      for (const part of parts) if (part) all.push(JSON.parse(part) as MeterLine);
    } finally {
      closeSync(fd);
    }
  };
  const lines = () => {
    poll();
    return all;
  };
  return {
    file,
    lines,
    since: (from, until = Number.POSITIVE_INFINITY) => lines().filter((l) => l.t >= from && l.t <= until),
    async quiet({
      from = 0,
      quietMs = Number(process.env.BENCH_METER_QUIET_MS || 3000),
      timeoutMs = 180_000,
    } = {}) {
      const started = Date.now();
      let seen = -1;
      let changedAt = Date.now();
      for (;;) {
        const counted = lines().filter((l) => l.t >= from && setOff(l));
        if (counted.length !== seen) {
          seen = counted.length;
          changedAt = Date.now();
        }
        if (Date.now() - changedAt >= quietMs) return counted.at(-1)?.t;
        if (Date.now() - started > timeoutMs)
          throw new Error(`the meter did not go quiet in ${timeoutMs} ms`);
        await sleep(200);
      }
    },
  };
}

export interface MeterRow {
  fn: string;
  op: string;
  table: string;
  requests: number;
  /** Items per request on average: a transaction's or batch's elements, a query's results. */
  items: number;
  failed: number;
  /** SDK attempts beyond the first (throttling, conflicts the SDK retries). */
  retries: number;
  wcu: number;
  rcu: number;
  /** Write units AWS bills at least: 2 per item of a transaction, DynamoDB Local's figure otherwise. */
  awsWcu: number;
}

/**
 * DynamoDB Local counts a TransactWriteItems at about 4 units per KB of the whole transaction (4 for
 * any transaction of small items); AWS bills 2 per item per KB. This is the larger of the two floors,
 * so a transaction is never shown cheaper than AWS makes it. Other operations: Local's own figure.
 */
export const awsWcuOf = (line: MeterLine): number =>
  line.op === 'TransactWriteItems' && line.ok ? Math.max(2 * line.items, line.wcu / 2) : line.wcu;

/** Lines grouped by function, operation and table (a multi-table request under its tables joined by +). */
export function groupLines(lines: readonly MeterLine[], per = 1): MeterRow[] {
  const rows = new Map<string, MeterRow>();
  for (const line of lines) {
    const table = line.tables.join('+') || '–';
    const key = `${line.fn}|${line.op}|${table}`;
    const row = rows.get(key) ?? {
      fn: line.fn,
      op: line.op,
      table,
      requests: 0,
      items: 0,
      failed: 0,
      retries: 0,
      wcu: 0,
      rcu: 0,
      awsWcu: 0,
    };
    row.requests += 1;
    row.items += line.items;
    row.failed += line.ok ? 0 : 1;
    row.retries += Math.max(0, line.attempts - 1);
    row.wcu += line.wcu;
    row.rcu += line.rcu;
    row.awsWcu += awsWcuOf(line);
    rows.set(key, row);
  }
  const scale = (x: number) => Math.round((x / per) * 100) / 100;
  return [...rows.values()]
    .map((r) => ({
      ...r,
      requests: scale(r.requests),
      items: Math.round((r.items / r.requests) * 10) / 10,
      failed: scale(r.failed),
      retries: scale(r.retries),
      wcu: scale(r.wcu),
      rcu: scale(r.rcu),
      awsWcu: scale(r.awsWcu),
    }))
    .sort((a, b) => a.fn.localeCompare(b.fn) || b.requests - a.requests);
}

/** Single-item TransactWriteItems (twice the cost of the plain conditional write they could be), by function. */
export const singleItemTransactions = (lines: readonly MeterLine[]): Record<string, number> =>
  lines
    .filter((l) => l.op === 'TransactWriteItems' && l.items === 1)
    .reduce<Record<string, number>>((acc, l) => {
      acc[l.fn] = (acc[l.fn] ?? 0) + 1;
      return acc;
    }, {});
