import fc from 'fast-check';
import { type Order, type OrderLine, planCancel } from '../domain/order.ts';
import { DAY_MS, HOUR_MS } from '../domain/periods.ts';
import { salesReport } from '../domain/report.ts';
import { planReturn, type ReturnRecord } from '../domain/returns.ts';
import {
  addInto,
  cancellationOf,
  emptySum,
  type PeriodRollup,
  type RollupPart,
  returnPartOf,
  rollupsOf,
  saleOf,
} from '../domain/rollup.ts';
import { FakeOrders, FakeRollups } from './fakes.ts';
import { makeSalesReport } from './report.ts';

// The report from rollups must be `salesReport` of the orders and returns themselves, exactly: over
// random histories of orders, returns and cancellations, any range, whatever order the changes are
// rolled up in, delivered twice, and across a rebuild into a new generation.

// From the last days of January to early April: whole months (February's 28 days, March) and their edges.
const T0 = Date.parse('2025-01-27T00:00:00.000Z');
const SPAN = 70 * DAY_MS;
const iso = (ms: number) => new Date(ms).toISOString();
const MONTH_STARTS = ['2025-02-01', '2025-03-01', '2025-04-01'].map((day) =>
  Date.parse(`${day}T00:00:00.000Z`),
);

/** Any millisecond of the span, or an hour, a day or a month boundary (the edges of the plan). */
const instant = fc.oneof(
  fc.integer({ min: 0, max: SPAN }).map((ms) => T0 + ms),
  fc.integer({ min: 0, max: SPAN / HOUR_MS }).map((h) => T0 + h * HOUR_MS),
  fc.integer({ min: 0, max: SPAN / DAY_MS }).map((d) => T0 + d * DAY_MS),
  fc.constantFrom(...MONTH_STARTS),
);

const lineSpec = fc.record({
  productId: fc.constantFrom('p1', 'p2', 'p3'),
  quantity: fc.integer({ min: 1, max: 4 }),
  unitAmount: fc.integer({ min: 1, max: 999 }),
  // Renames happen: the report names a product as its newest order line in the range did.
  name: fc.option(fc.constantFrom('Café', 'Café 500 g', 'Feijão'), { nil: undefined }),
});

interface OrderSpec {
  at: number;
  lines: { productId: string; quantity: number; unitAmount: number; name: string | undefined }[];
  returns: { after: number; line: number; quantity: number }[];
  cancelAfter: number | undefined;
}

const orderSpec: fc.Arbitrary<OrderSpec> = fc.record({
  at: instant,
  lines: fc.uniqueArray(lineSpec, { minLength: 1, maxLength: 3, selector: (l) => l.productId }),
  returns: fc.array(
    fc.record({
      after: fc.integer({ min: 0, max: DAY_MS }),
      line: fc.nat(),
      quantity: fc.integer({ min: 1, max: 4 }),
    }),
    { maxLength: 2 },
  ),
  cancelAfter: fc.option(fc.integer({ min: 0, max: 2 * DAY_MS }), { nil: undefined }),
});

interface History {
  orders: Order[];
  returns: ReturnRecord[];
  /** Every change, in the order it happened, as the stream would carry it. */
  parts: RollupPart[];
}

function historyOf(specs: readonly OrderSpec[]): History {
  const history: History = { orders: [], returns: [], parts: [] };
  specs.forEach((spec, n) => {
    const lines: OrderLine[] = spec.lines.map(({ productId, quantity, unitAmount, name }) => ({
      productId,
      quantity,
      unitAmount,
      lineTotal: quantity * unitAmount,
      priceChanged: false,
      ...(name === undefined ? {} : { name }),
    }));
    let order: Order = {
      orderId: `o${String(n).padStart(3, '0')}`,
      status: 'CONFIRMED',
      customerId: 'c',
      lines,
      total: { amount: lines.reduce((sum, l) => sum + l.lineTotal, 0), currency: 'BRL' },
      invoiceSeries: 1,
      invoiceNumber: n + 1,
      createdAt: iso(spec.at),
      paymentId: `pay${n}`,
    };
    history.parts.push(saleOf(order));
    let at = spec.at;
    spec.returns.forEach((r, i) => {
      at += r.after;
      const line = lines[r.line % lines.length]!;
      const left =
        line.quantity - (order.lines.find((l) => l.productId === line.productId)?.returnedQuantity ?? 0);
      if (left === 0 || order.status === 'RETURNED') return;
      const plan = planReturn(order, {
        returnId: `${order.orderId}-r${i}`,
        lines: [{ productId: line.productId, quantity: Math.min(r.quantity, left) }],
        restock: true,
        actor: 'client:admin',
        at: iso(at),
      });
      const record = { ...plan.record, creditNoteNumber: history.returns.length + 1 };
      order = plan.order;
      history.returns.push(record);
      history.parts.push(returnPartOf(record));
    });
    if (spec.cancelAfter !== undefined && order.status !== 'RETURNED') {
      const when = iso(at + spec.cancelAfter);
      const cancellation = planCancel(order, 'client:admin', when);
      order = { ...order, status: 'CANCELLED', cancelledAt: when, refund: cancellation.refund };
      history.parts.push(cancellationOf(order));
    }
    history.orders.push(order);
  });
  return history;
}

/** `salesReport` as the old report ran it: over the orders in gsi2's order (`createdAt#orderId`). */
function expected(history: History, from: string, to: string) {
  const key = (o: Order) => `${o.createdAt}#${o.orderId}`;
  const sorted = [...history.orders].sort((a, b) => (key(a) < key(b) ? -1 : 1));
  return salesReport(sorted, history.returns, from, to, 'BRL');
}

function storesOf(history: History) {
  const orders = new FakeOrders();
  for (const order of history.orders) orders.orders.set(order.orderId, order);
  for (const record of history.returns) orders.returns.set(record.returnId, record);
  const rollups = new FakeRollups();
  return { orders, rollups, report: makeSalesReport({ orders, rollups, currency: 'BRL' }) };
}

const range = fc
  .tuple(instant, instant)
  .filter(([a, b]) => a !== b)
  .map(([a, b]) => [iso(Math.min(a, b)), iso(Math.max(a, b))] as const);

describe('the sales report from rollups', () => {
  it('is salesReport of the orders and returns, over any history and range, in any delivery order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(orderSpec, { maxLength: 25 }),
        fc.array(range, { minLength: 1, maxLength: 4 }),
        fc.infiniteStream(fc.nat()),
        async (specs, ranges, dice) => {
          const history = historyOf(specs);
          const { rollups, report } = storesOf(history);
          // Shuffled (shards deliver in any order across orders), in batches, some of them twice.
          const parts = [...history.parts];
          const rolls = dice[Symbol.iterator]();
          const roll = (n: number) => (rolls.next().value as number) % n;
          for (let i = parts.length - 1; i > 0; i--) {
            const j = roll(i + 1);
            [parts[i], parts[j]] = [parts[j]!, parts[i]!];
          }
          for (let i = 0; i < parts.length; ) {
            const batch = parts.slice(i, i + 1 + roll(5));
            await rollups.apply(batch);
            if (roll(3) === 0) await rollups.apply(batch);
            i += batch.length;
          }
          for (const [from, to] of ranges) {
            expect(await report(new Date(from), new Date(to))).toEqual(expected(history, from, to));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is the same after a rebuild that ran while changes went on arriving', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(orderSpec, { maxLength: 20 }),
        instant,
        range,
        fc.nat(),
        async (specs, cut, [from, to], lag) => {
          const history = historyOf(specs);
          const { rollups, report } = storesOf(history);
          const since = iso(cut);
          // The stream runs behind: some changes from before the start are delivered after the pointer moved.
          const late = lag % (history.parts.length + 1);
          const early = history.parts.filter((p) => p.happenedAt < since);
          await rollups.apply(early.slice(0, early.length - Math.min(late, early.length)));
          rollups.pointer = { current: { id: 'g0', since: '' }, next: { id: 'g1', since }, version: 1 };
          await rollups.apply(history.parts);
          // The rebuild: everything dated before the start, from the orders and returns as they stand.
          const rebuilt = rollupsOf(history.orders, history.returns, since);
          const g1 = rollups.generations.get('g1') ?? new Map<string, PeriodRollup>();
          rollups.generations.set('g1', g1);
          for (const [key, rollup] of rebuilt) {
            const into = g1.get(key) ?? { ...rollup, sum: emptySum() };
            g1.set(key, addInto(into.sum, rollup.sum) && into);
          }
          rollups.pointer = { current: { id: 'g1', since }, version: 2 };

          expect(await report(new Date(from), new Date(to))).toEqual(expected(history, from, to));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads at most 12 months, 62 days, 46 hours and the orders of two edge hours for a year, however many orders', async () => {
    // Every few hours of a year: a daily rollup for every day of it.
    const year = Date.parse('2025-03-01T00:00:00.000Z');
    const specs = Array.from({ length: 2_000 }, (_, n) => ({
      at: year + ((n * 15_817_000) % (366 * DAY_MS)),
      lines: [{ productId: `p${n % 4}`, quantity: 1, unitAmount: 100, name: 'x' }],
      returns: [],
      cancelAfter: undefined,
    }));
    const history = historyOf(specs);
    const { orders, rollups, report } = storesOf(history);
    await rollups.apply(history.parts);
    let rawRead = 0;
    const createdBetween = orders.createdBetween.bind(orders);
    orders.createdBetween = async (from: string, to: string) => {
      const found = await createdBetween(from, to);
      rawRead += found.length;
      return found;
    };
    const from = '2025-03-01T10:30:00.000Z';
    const to = '2026-03-01T09:30:00.000Z';

    expect(await report(new Date(from), new Date(to))).toEqual(expected(history, from, to));
    expect(rollups.read).toBeLessThanOrEqual(12 + 62 + 46);
    // The orders of 10:30–11:00 on the first day and 09:00–09:30 on the last (a few of 2,000), none of the rest.
    expect(rawRead).toBeLessThan(15);
  });

  it('refuses a range that ends before it starts or spans more than 366 days', async () => {
    const { report } = storesOf(historyOf([]));
    await expect(report(new Date(T0 + 1), new Date(T0))).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(report(new Date(T0), new Date(T0 + 367 * DAY_MS))).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});
