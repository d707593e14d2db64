/** The UTC periods the sales rollups are kept by. */
export type Granularity = 'MONTH' | 'DAY' | 'HOUR';
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** The start of the UTC hour, day or month an instant (ms) falls in, in ms. */
export function periodFloorMs(granularity: Granularity, ms: number): number {
  if (granularity === 'MONTH') {
    const date = new Date(ms);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  }
  const size = granularity === 'DAY' ? DAY_MS : HOUR_MS;
  return Math.floor(ms / size) * size;
}

/** The start of the UTC hour, day or month an ISO instant falls in, as an ISO instant. */
export const periodStart = (granularity: Granularity, isoTime: string): string =>
  new Date(periodFloorMs(granularity, Date.parse(isoTime))).toISOString();

/** The start of the period after the one starting at `startIso` (months are not all one length). */
export function nextPeriodMs(granularity: Granularity, startIso: string): number {
  const start = Date.parse(startIso);
  if (granularity !== 'MONTH') return start + (granularity === 'DAY' ? DAY_MS : HOUR_MS);
  const date = new Date(start);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

/** The first period start at or after `ms`. */
export const periodCeilMs = (granularity: Granularity, ms: number): number => {
  const start = periodFloorMs(granularity, ms);
  return start === ms ? ms : nextPeriodMs(granularity, new Date(start).toISOString());
};

export const GRANULARITIES = ['MONTH', 'DAY', 'HOUR'] as const satisfies readonly Granularity[];
