import { DAY_MS, HOUR_MS, periodCeilMs, periodFloorMs } from './periods.ts';

/** A range [from, to) of ISO instants. */
export interface Range {
  from: string;
  to: string;
}

/**
 * What a report of [from, to) reads, so that it reads a bounded number of items however busy the shop:
 * the monthly rollups of the whole UTC months inside it, the daily rollups of the whole days outside
 * those, the hourly rollups of the whole hours outside the days, and the orders and returns themselves
 * only in the partial hours at the two edges (at most two hours' worth, whatever the range): for 366
 * days at most 12 months, 62 days, 46 hours. A São Paulo day (03:00Z) is whole hours, so the console's
 * reports read no order at all.
 */
export interface ReportPlan {
  raw: Range[];
  hours: Range[];
  days: Range[];
  months: Range | undefined;
}

const iso = (ms: number) => new Date(ms).toISOString();
const ceil = (ms: number, size: number) => Math.ceil(ms / size) * size;
const floor = (ms: number, size: number) => Math.floor(ms / size) * size;

export function planReport(from: string, to: string): ReportPlan {
  const [f, t] = [Date.parse(from), Date.parse(to)];
  const [h0, h1] = [ceil(f, HOUR_MS), floor(t, HOUR_MS)];
  if (h0 >= h1) return { raw: [{ from, to }], hours: [], days: [], months: undefined };
  const raw: Range[] = [];
  if (f < h0) raw.push({ from, to: iso(h0) });
  if (h1 < t) raw.push({ from: iso(h1), to });
  const [d0, d1] = [ceil(h0, DAY_MS), floor(h1, DAY_MS)];
  if (d0 >= d1) return { raw, hours: [{ from: iso(h0), to: iso(h1) }], days: [], months: undefined };
  const hours: Range[] = [];
  if (h0 < d0) hours.push({ from: iso(h0), to: iso(d0) });
  if (d1 < h1) hours.push({ from: iso(d1), to: iso(h1) });
  const [m0, m1] = [periodCeilMs('MONTH', d0), periodFloorMs('MONTH', d1)];
  if (m0 >= m1) return { raw, hours, days: [{ from: iso(d0), to: iso(d1) }], months: undefined };
  const days: Range[] = [];
  if (d0 < m0) days.push({ from: iso(d0), to: iso(m0) });
  if (m1 < d1) days.push({ from: iso(m1), to: iso(d1) });
  return { raw, hours, days, months: { from: iso(m0), to: iso(m1) } };
}
