import { type Granularity, periodCeilMs, periodFloorMs } from './periods.ts';

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

/** The whole periods inside [from, to), as [first start, end) in ms; undefined when there are none. */
function whole(granularity: Granularity, from: number, to: number): [number, number] | undefined {
  const [start, end] = [periodCeilMs(granularity, from), periodFloorMs(granularity, to)];
  return start < end ? [start, end] : undefined;
}

/** What is left of `outer` at its two ends once [start, end) inside it is taken out. */
function ends(outer: Range, [start, end]: [number, number]): Range[] {
  const left: Range[] = [];
  if (Date.parse(outer.from) < start) left.push({ from: outer.from, to: iso(start) });
  if (end < Date.parse(outer.to)) left.push({ from: iso(end), to: outer.to });
  return left;
}

const rangeOf = ([start, end]: [number, number]): Range => ({ from: iso(start), to: iso(end) });

export function planReport(from: string, to: string): ReportPlan {
  const range = { from, to };
  const hours = whole('HOUR', Date.parse(from), Date.parse(to));
  if (!hours) return { raw: [range], hours: [], days: [], months: undefined };
  const raw = ends(range, hours);
  const days = whole('DAY', ...hours);
  if (!days) return { raw, hours: [rangeOf(hours)], days: [], months: undefined };
  const months = whole('MONTH', ...days);
  return {
    raw,
    hours: ends(rangeOf(hours), days),
    days: months ? ends(rangeOf(days), months) : [rangeOf(days)],
    months: months && rangeOf(months),
  };
}
