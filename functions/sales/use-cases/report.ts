import { AppError } from '#lib/errors.ts';
import { DAY_MS, type Granularity, nextPeriodMs } from '../domain/periods.ts';
import type { SalesReport } from '../domain/report.ts';
import { planReport, type Range } from '../domain/report-plan.ts';
import {
  newestFirst,
  orderSegment,
  reportFromSegments,
  returnSegment,
  rollupSegment,
  type Segment,
} from '../domain/report-rollups.ts';
import { namesIn } from '../domain/rollup.ts';
import type { OrderStore, RollupReader } from '../ports.ts';

const MAX_REPORT_DAYS = 366;
/** The rollups a month's or a day's rollup is the sum of. */
const FINER = { MONTH: 'DAY', DAY: 'HOUR' } as const;

interface Deps {
  orders: Pick<OrderStore, 'createdBetween' | 'returnsCreatedBetween'>;
  rollups: RollupReader;
  currency: string;
}

function validate(from: Date, to: Date) {
  const errors = [];
  if (from >= to) errors.push({ path: 'query.to', message: 'must be after from' });
  if (to.getTime() - from.getTime() > MAX_REPORT_DAYS * DAY_MS) {
    errors.push({ path: 'query.to', message: `the range must not exceed ${MAX_REPORT_DAYS} days` });
  }
  if (errors.length > 0)
    throw new AppError('validation_failed', 'The report range is not valid.', { errors });
}

/**
 * The sales report of [from, to), the figures `salesReport` makes of the orders and returns of the
 * range (domain/report.ts), from the rollups: whole months, days and hours from the monthly, daily and
 * hourly rollups, the partial hours at the edges from the orders and returns themselves (`planReport`).
 * So it reads at most 12 months (8 items each), 62 days, 46 hours and two hours of orders, however busy
 * the year was.
 * The rollups follow the table's stream, a moment behind an order; the edges never are.
 *
 * A product is named as its newest order line in the range named it: the newest segment that sold it
 * under one name says so; a month that sold it under two is looked into by its days, a day by its
 * hours, an hour by its orders (a rename in the middle of a day costs one query of the day's hours, and maybe one hour's orders).
 */
export function makeSalesReport({ orders, rollups, currency }: Deps) {
  const rawSegments = async (from: string, to: string) => {
    const [sold, returned] = await Promise.all([
      orders.createdBetween(from, to),
      orders.returnsCreatedBetween(from, to),
    ]);
    return [...sold.map(orderSegment), ...returned.map(returnSegment)];
  };

  return async (fromDate: Date, toDate: Date): Promise<SalesReport> => {
    validate(fromDate, toDate);
    const [from, to] = [fromDate.toISOString(), toDate.toISOString()];
    const plan = planReport(from, to);
    const generation = await rollups.currentGeneration();
    const rollupSegments = async (granularity: Granularity, range: Range) =>
      (await rollups.rollups(generation, granularity, range)).map(rollupSegment);
    const read = await Promise.all([
      ...plan.raw.map((range) => rawSegments(range.from, range.to)),
      ...plan.hours.map((range) => rollupSegments('HOUR', range)),
      ...plan.days.map((range) => rollupSegments('DAY', range)),
      ...(plan.months ? [rollupSegments('MONTH', plan.months)] : []),
    ]);
    const segments = newestFirst(read.flat());

    /** A month's days, a day's hours, an hour's orders: what a segment that named a product twice is made of. */
    const finer = async (segment: Segment): Promise<Segment[]> => {
      if (segment.kind === 'RAW') return [];
      const range = {
        from: segment.start,
        to: new Date(nextPeriodMs(segment.kind, segment.start)).toISOString(),
      };
      if (segment.kind === 'HOUR')
        return newestFirst((await orders.createdBetween(range.from, range.to)).map(orderSegment));
      return newestFirst(await rollupSegments(FINER[segment.kind], range));
    };
    const looked = new Map<Segment, Promise<Segment[]>>();
    /** The name of the newest sold line of `productId` among these segments (newest first). */
    const nameIn = async (productId: string, among: readonly Segment[]): Promise<string | undefined> => {
      for (const segment of among) {
        const names = namesIn(segment.sum, productId);
        if (names.length === 1) return names[0];
        if (names.length === 0) continue;
        if (!looked.has(segment)) looked.set(segment, finer(segment));
        const found = await nameIn(productId, await looked.get(segment)!);
        if (found !== undefined) return found;
      }
      return undefined;
    };
    const productIds = new Set(segments.flatMap((segment) => [...segment.sum.products.keys()]));
    const names = new Map<string, string>();
    await Promise.all(
      [...productIds].map(async (productId) => {
        const name = await nameIn(productId, segments);
        if (name !== undefined) names.set(productId, name);
      }),
    );
    return reportFromSegments(segments, names, from, to, currency);
  };
}
