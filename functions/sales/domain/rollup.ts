import type { Order } from './order.ts';
import { GRANULARITIES, type Granularity, periodStart } from './periods.ts';
import { soldBy, utcDay } from './report.ts';
import type { ReturnRecord } from './returns.ts';

/**
 * The rollups behind the sales report: per UTC hour, day and month, the sums `salesReport` makes of
 * the orders and returns of that period. Every field is a plain sum, so a change is an `ADD` of its
 * delta (commutative: batches may land in any order, from any number of writers), and a period's
 * rollup is bounded by the products sold in it, never by how many orders were.
 */
export interface ProductSum {
  /** Units sold less units returned. */
  units: number;
  /** Revenue at the prices charged less refunds. */
  revenue: number;
  /** Order lines sold plus return lines made: the report lists a product when any is (its net may be 0). */
  lines: number;
  /**
   * Sold lines by the name the order gave the product: the report names a product as its newest order
   * line did, and a count (not "the latest name") is what survives a cancellation taking one away.
   */
  names: Map<string, number>;
}

/** A day's line of the report's `byDay`, as a month's rollup keeps it for each of its days. */
export interface DaySum {
  orders: number;
  revenue: number;
  /** Lines counted (sold or returned): the report lists a day when any is. */
  lines: number;
}

export interface RollupSum {
  /** Orders that sold something (a cancelled order only while units returned before it count). */
  orders: number;
  /** Refunds of the returns made in the period. */
  refunds: number;
  products: Map<string, ProductSum>;
  /** Only in a month's rollup: its days' `byDay` lines (UTC day `yyyy-mm-dd` → sums). */
  days: Map<string, DaySum>;
}

export const emptySum = (): RollupSum => ({ orders: 0, refunds: 0, products: new Map(), days: new Map() });

const productOf = (sum: RollupSum, productId: string): ProductSum => {
  let product = sum.products.get(productId);
  if (!product) {
    product = { units: 0, revenue: 0, lines: 0, names: new Map() };
    sum.products.set(productId, product);
  }
  return product;
};

/** `into += sign × delta`, field by field (what `ADD` does to a stored rollup). */
export function addInto(into: RollupSum, delta: RollupSum, sign = 1): RollupSum {
  into.orders += sign * delta.orders;
  into.refunds += sign * delta.refunds;
  for (const [productId, add] of delta.products) {
    const product = productOf(into, productId);
    product.units += sign * add.units;
    product.revenue += sign * add.revenue;
    product.lines += sign * add.lines;
    for (const [name, count] of add.names)
      product.names.set(name, (product.names.get(name) ?? 0) + sign * count);
  }
  for (const [day, add] of delta.days) addDayLine(into.days, day, add, sign);
  return into;
}

/** `days[day] += sign × add`: a day's `byDay` line, as a month's rollup and the report add them up. */
export function addDayLine(days: Map<string, DaySum>, day: string, add: DaySum, sign = 1): void {
  const sum = days.get(day) ?? { orders: 0, revenue: 0, lines: 0 };
  days.set(day, {
    orders: sum.orders + sign * add.orders,
    revenue: sum.revenue + sign * add.revenue,
    lines: sum.lines + sign * add.lines,
  });
}

/** What a sum is as one line of `byDay`: its orders, its revenue, the lines it counted. */
export function dayLineOf(sum: RollupSum): DaySum {
  const products = [...sum.products.values()];
  return {
    orders: sum.orders,
    revenue: products.reduce((all, p) => all + p.revenue, 0),
    lines: products.reduce((all, p) => all + p.lines, 0),
  };
}

/** What a sum adds to a month's rollup: itself, and the same as one line of its day. */
export const withDayLine = (sum: RollupSum, day: string): RollupSum =>
  addInto(emptySum(), { ...sum, days: new Map([[day, dayLineOf(sum)]]) });

/** Whether adding `sum` changes nothing. */
export const isZero = (sum: RollupSum): boolean =>
  sum.orders === 0 &&
  sum.refunds === 0 &&
  [...sum.products.values()].every(
    (p) => p.units === 0 && p.revenue === 0 && p.lines === 0 && [...p.names.values()].every((n) => n === 0),
  ) &&
  [...sum.days.values()].every((d) => d.orders === 0 && d.revenue === 0 && d.lines === 0);

/** What an order, as it stands, adds to the period it was created in: exactly what `salesReport` counts. */
export function contributionOf(order: Order): RollupSum {
  const sum = emptySum();
  const sold = soldBy(order);
  if (sold.length === 0) return sum;
  sum.orders = 1;
  for (const line of sold) {
    const product = productOf(sum, line.productId);
    product.units += line.units;
    product.revenue += line.revenue;
    product.lines += 1;
    if (line.name !== undefined) product.names.set(line.name, (product.names.get(line.name) ?? 0) + 1);
  }
  return sum;
}

/** What a return adds to the period it was made in: its units and refunds out, on its own day. */
export function returnSumOf(record: ReturnRecord): RollupSum {
  const sum = emptySum();
  sum.refunds = record.refund.amount;
  for (const line of record.lines) {
    const product = productOf(sum, line.productId);
    product.units -= line.quantity;
    product.revenue -= line.refund.amount;
    product.lines += 1;
  }
  return sum;
}

/**
 * One change to the rollups: an order recorded, an order cancelled, a return made. Its id names the
 * change itself, so whoever delivers it (the stream, again after a retry; the rebuild) applies it once.
 */
export interface RollupPart {
  id: string;
  /** The instant whose hour and day it counts in: a cancellation counts on its order's day. */
  countsAt: string;
  /** When it happened: a rollup generation takes the changes from its start on (`rollup-generations.ts`). */
  happenedAt: string;
  sum: RollupSum;
}

/** The order as recorded: every line sold. */
export const saleOf = (order: Order): RollupPart => ({
  id: `sale:${order.orderId}`,
  countsAt: order.createdAt,
  happenedAt: order.createdAt,
  sum: contributionOf({ ...order, status: 'CONFIRMED' }),
});

/** The cancellation of `order` (as cancelled): what it takes back of the sale, on the order's day. */
export const cancellationOf = (order: Order): RollupPart => ({
  id: `cancel:${order.orderId}`,
  countsAt: order.createdAt,
  happenedAt: order.cancelledAt ?? order.refund?.at ?? order.createdAt,
  sum: addInto(contributionOf(order), saleOf(order).sum, -1),
});

export const returnPartOf = (record: ReturnRecord): RollupPart => ({
  id: `return:${record.orderId}:${record.returnId}`,
  countsAt: record.createdAt,
  happenedAt: record.createdAt,
  sum: returnSumOf(record),
});

/** What the Sales table's stream says happened to an order or a return (`handlers/roll-up-sales.ts`). */
export type SalesChange =
  | { kind: 'order-inserted'; order: Order }
  | { kind: 'order-modified'; order: Order }
  | { kind: 'return-inserted'; record: ReturnRecord }
  | { kind: 'other' };

/**
 * The part a change is, if any. A cancellation is the one write that leaves an order CANCELLED with its
 * refund PENDING; the refund's completion later (REFUNDED) and the other changes of an order (a return's
 * update of its lines, which the return item itself counts) add nothing.
 */
export function partOf(change: SalesChange): RollupPart | undefined {
  switch (change.kind) {
    case 'order-inserted':
      return saleOf(change.order);
    case 'order-modified':
      return change.order.status === 'CANCELLED' && change.order.refund?.status === 'PENDING'
        ? cancellationOf(change.order)
        : undefined;
    case 'return-inserted':
      return returnPartOf(change.record);
    default:
      return undefined;
  }
}

/** The parts an order and its returns are made of, as they stand (what the rebuild replays). */
export function partsOfState(order: Order): RollupPart[] {
  return order.status === 'CANCELLED' ? [saleOf(order), cancellationOf(order)] : [saleOf(order)];
}

/** A rollup of one period: its granularity, its start (ISO instant) and its sums. */
export interface PeriodRollup {
  granularity: Granularity;
  start: string;
  sum: RollupSum;
}

/** The rollups a part adds to (its hour, its day, its month) and what it adds to each. */
export function periodsOf(part: RollupPart): { granularity: Granularity; start: string; sum: RollupSum }[] {
  return GRANULARITIES.map((granularity) => ({
    granularity,
    start: periodStart(granularity, part.countsAt),
    sum: granularity === 'MONTH' ? withDayLine(part.sum, utcDay(part.countsAt)) : part.sum,
  }));
}

/** Adds `part` to the hour, the day and the month it counts in, in `rollups` (keyed `granularity#start`). */
export function addPart(rollups: Map<string, PeriodRollup>, part: RollupPart): void {
  for (const { granularity, start, sum } of periodsOf(part)) {
    const key = `${granularity}#${start}`;
    let rollup = rollups.get(key);
    if (!rollup) {
      rollup = { granularity, start, sum: emptySum() };
      rollups.set(key, rollup);
    }
    addInto(rollup.sum, sum);
  }
}

/** Whether a part goes into a rebuild that counts what happened before `before` ('' or absent: all). */
const takenBefore = (part: RollupPart, before: string | undefined) =>
  before === undefined || before === '' || part.happenedAt < before;

/** Adds what an order, as it stands, is made of (its sale, its cancellation) to `rollups`. */
export function addOrderState(rollups: Map<string, PeriodRollup>, order: Order, before?: string): void {
  for (const part of partsOfState(order)) if (takenBefore(part, before)) addPart(rollups, part);
}

export function addReturnState(
  rollups: Map<string, PeriodRollup>,
  record: ReturnRecord,
  before?: string,
): void {
  const part = returnPartOf(record);
  if (takenBefore(part, before)) addPart(rollups, part);
}

/**
 * Every rollup of these orders and returns, counting only the parts that happened before `before`:
 * the rebuild's half of a new generation, the stream's being the rest.
 */
export function rollupsOf(
  orders: Iterable<Order>,
  returns: Iterable<ReturnRecord>,
  before?: string,
): Map<string, PeriodRollup> {
  const rollups = new Map<string, PeriodRollup>();
  for (const order of orders) addOrderState(rollups, order, before);
  for (const record of returns) addReturnState(rollups, record, before);
  return rollups;
}

/** The names sold lines gave `productId` in this sum (count above zero). */
export const namesIn = (sum: RollupSum, productId: string): string[] =>
  [...(sum.products.get(productId)?.names ?? new Map<string, number>()).entries()]
    .filter(([, count]) => count > 0)
    .map(([name]) => name);
