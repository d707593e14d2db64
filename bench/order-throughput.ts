import { orderBody } from './fixtures.ts';
import type { Api } from './http.ts';
import { runClosedLoop, tally } from './load.ts';
import { type LatencySummary, round, summarize } from './stats.ts';

export interface Cell {
  lines: number;
  concurrency: number;
}

export interface CellResult extends Cell {
  requests: number;
  ok: number;
  statuses: Record<string, number>;
  wallMs: number;
  perSecond: number;
  latencyMs: LatencySummary;
}

/**
 * Products are laid out per slot: slot `s` of a cell with `L` lines always orders products
 * `s·L … s·L+L-1`, so concurrent slots never touch the same product and the cell measures the order
 * path, not stock contention (that is the hot-product case). The raw floor uses the same layout.
 */
export const slotProducts = (ids: readonly string[], cell: Cell, slot: number): string[] =>
  ids.slice(slot * cell.lines, slot * cell.lines + cell.lines);

export const productsNeeded = (cells: readonly Cell[]) =>
  Math.max(...cells.map((c) => c.lines * c.concurrency));

export async function orderCell(api: Api, ids: readonly string[], cell: Cell, total: number, maxMs?: number) {
  const run = await runClosedLoop(
    total,
    cell.concurrency,
    async (_i, slot) => {
      const answer = await api.call('POST', '/sales/orders', orderBody(slotProducts(ids, cell, slot)));
      return answer.status;
    },
    maxMs,
  );
  return cellResult(cell, run.wallMs, run.latenciesMs, run.outcomes, 201);
}

export function cellResult(
  cell: Cell,
  wallMs: number,
  latenciesMs: number[],
  outcomes: readonly (string | number)[],
  okOutcome: string | number,
): CellResult {
  const ok = outcomes.filter((o) => o === okOutcome).length;
  return {
    ...cell,
    requests: outcomes.length,
    ok,
    statuses: tally(outcomes),
    wallMs: round(wallMs),
    perSecond: round((ok / wallMs) * 1000),
    latencyMs: summarize(latenciesMs),
  };
}
