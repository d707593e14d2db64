import { randomUUID } from 'node:crypto';
import { createPricedProducts, orderBody, runTag } from './fixtures.ts';
import type { Api } from './http.ts';
import { tally } from './load.ts';
import {
  awsWcuOf,
  groupLines,
  type MeterLog,
  type MeterRow,
  setOff,
  singleItemTransactions,
} from './meter-log.ts';
import { type LatencySummary, round, summarize } from './stats.ts';

export interface RequestsCell {
  lines: number;
  idempotencyKey: boolean;
  orders: number;
  statuses: Record<string, number>;
  latencyMs: LatencySummary;
  /** From the first order sent to the last request any of them set off (every consumer done). */
  settledMs: number;
  perOrder: { requests: number; failed: number; wcu: number; rcu: number; awsWcu: number };
  /** Per order, by function, operation and table. */
  rows: MeterRow[];
  /** Per order, by function. */
  byFunction: { fn: string; requests: number; wcu: number; rcu: number }[];
  /** Single-item TransactWriteItems in the cell, by function (total, not per order). */
  singleItemTransactions: Record<string, number>;
}

export interface RequestsResult {
  ordersPerCell: number;
  cells: RequestsCell[];
}

/**
 * What one order costs in DynamoDB requests and units, its own path and everything it sets off
 * (outbox publisher, Inventory's commit, the ledger settle, notifications): orders placed one after
 * another, each on products of its own (no contention) sold once before, then the meter read until
 * every consumer is done. The schedules (sweep, expiry, promotions) are left out by name; they run on a timer.
 */
export async function requestCost(api: Api, meter: MeterLog, ordersPerCell = 20): Promise<RequestsResult> {
  const cells: RequestsCell[] = [];
  for (const lines of [1, 5]) {
    for (const idempotencyKey of [false, true]) {
      const ids = Array.from(
        { length: ordersPerCell * lines },
        (_, i) => `${runTag}-rq${lines}${idempotencyKey ? 'k' : 'n'}-${i}`,
      );
      await createPricedProducts(
        api,
        ids.map((productId) => ({ productId, quantity: 1000, amount: 1290 })),
      );
      // A shop sells its products again and again: each product is sold once before the counted orders,
      // so what a function instance learns once (product names) is not counted per order.
      for (let i = 0; i < ordersPerCell; i++) {
        await api.call('POST', '/sales/orders', orderBody(ids.slice(i * lines, (i + 1) * lines)), 'pos');
      }
      // Their consumers (the price cache, the warm-up orders' events) are done before the first counted order.
      await meter.quiet();
      const from = Date.now();
      const statuses: number[] = [];
      const latencies: number[] = [];
      for (let i = 0; i < ordersPerCell; i++) {
        const t0 = performance.now();
        const answer = await api.call(
          'POST',
          '/sales/orders',
          orderBody(ids.slice(i * lines, (i + 1) * lines)),
          'pos',
          idempotencyKey ? { 'idempotency-key': randomUUID() } : undefined,
        );
        latencies.push(performance.now() - t0);
        statuses.push(answer.status);
      }
      const last = (await meter.quiet({ from })) ?? from;
      const counted = meter.since(from).filter(setOff);
      const per = (x: number) => round(x / ordersPerCell, 2);
      const byFunction = new Map<string, { fn: string; requests: number; wcu: number; rcu: number }>();
      for (const line of counted) {
        const f = byFunction.get(line.fn) ?? { fn: line.fn, requests: 0, wcu: 0, rcu: 0 };
        f.requests += 1;
        f.wcu += line.wcu;
        f.rcu += line.rcu;
        byFunction.set(line.fn, f);
      }
      cells.push({
        lines,
        idempotencyKey,
        orders: ordersPerCell,
        statuses: tally(statuses),
        latencyMs: summarize(latencies),
        settledMs: last - from,
        perOrder: {
          requests: per(counted.length),
          failed: per(counted.filter((l) => !l.ok).length),
          wcu: per(counted.reduce((s, l) => s + l.wcu, 0)),
          rcu: per(counted.reduce((s, l) => s + l.rcu, 0)),
          awsWcu: per(counted.reduce((s, l) => s + awsWcuOf(l), 0)),
        },
        rows: groupLines(counted, ordersPerCell),
        byFunction: [...byFunction.values()]
          .map((f) => ({ fn: f.fn, requests: per(f.requests), wcu: per(f.wcu), rcu: per(f.rcu) }))
          .sort((a, b) => b.requests - a.requests),
        singleItemTransactions: singleItemTransactions(counted),
      });
    }
  }
  return { ordersPerCell, cells };
}
