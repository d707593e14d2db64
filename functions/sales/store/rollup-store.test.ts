import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#lib/dynamodb/client.ts';
import { createPrivateTable, type PrivateTable } from '#test/support/private-table.ts';
import { type Order, planCancel } from '../domain/order.ts';
import { GRANULARITIES } from '../domain/periods.ts';
import { salesReport } from '../domain/report.ts';
import { planReturn, type ReturnRecord } from '../domain/returns.ts';
import {
  addPart,
  cancellationOf,
  emptySum,
  isZero,
  type PeriodRollup,
  type RollupPart,
  returnPartOf,
  rollupsOf,
  saleOf,
} from '../domain/rollup.ts';
import { makeSalesReport } from '../use-cases/report.ts';
import { orderPut, returnPut, type TransactItem } from './order-items.ts';
import { addClauses, periodKey } from './rollup-items.ts';
import { rebuildRollups } from './rollup-rebuild.ts';
import { RollupStore, readPointer } from './rollup-store.ts';
import { planTransactions } from './rollup-writes.ts';
import { SalesStore } from './sales-store.ts';

// Tables of this file's own: a generation's rollups are the whole table's, and the rebuild scans it.
let table: PrivateTable;
beforeAll(async () => {
  table = await createPrivateTable('sales');
});
afterAll(async () => {
  await table.drop();
});

const YEAR = { from: '2024-01-01T00:00:00.000Z', to: '2025-01-01T00:00:00.000Z' };

/** Every rollup of a generation in 2024, keyed as `rollupsOf` keys them. */
async function rollupsIn(store: RollupStore, generation: string): Promise<Map<string, PeriodRollup>> {
  const found = new Map<string, PeriodRollup>();
  for (const granularity of GRANULARITIES) {
    for (const rollup of await store.rollups(generation, granularity, YEAR)) {
      found.set(`${granularity}#${rollup.start}`, rollup);
    }
  }
  return found;
}

/** What the parts add up to, each once. */
function sumOf(parts: readonly RollupPart[]): Map<string, PeriodRollup> {
  const rollups = new Map<string, PeriodRollup>();
  for (const part of new Map(parts.map((p) => [p.id, p])).values()) addPart(rollups, part);
  return rollups;
}

/**
 * Rollups as plain data, zeros left out: an ADD that came back to 0 leaves a 0 behind, while the
 * rebuild writes no 0 at all; the report reads both alike.
 */
const comparable = (rollups: Map<string, PeriodRollup>) =>
  Object.fromEntries(
    [...rollups.entries()]
      .filter(([, { sum }]) => !isZero(sum))
      .sort()
      .map(([key, { sum }]) => [
        key,
        {
          orders: sum.orders,
          refunds: sum.refunds,
          products: Object.fromEntries(
            [...sum.products.entries()]
              .filter(([, p]) => !isZero({ ...emptySum(), products: new Map([['x', p]]) }))
              .sort()
              .map(([id, p]) => [
                id,
                {
                  units: p.units,
                  revenue: p.revenue,
                  lines: p.lines,
                  names: Object.fromEntries([...p.names].filter(([, c]) => c !== 0).sort()),
                },
              ]),
          ),
          days: Object.fromEntries(
            [...sum.days].filter(([, d]) => d.orders !== 0 || d.revenue !== 0 || d.lines !== 0).sort(),
          ),
        },
      ]),
  );

/** How many items of the table have a partition key starting with `prefix`. */
async function itemsUnder(tableName: string, prefix: string): Promise<number> {
  const { Count } = await dynamo.send(
    new ScanCommand({
      TableName: tableName,
      FilterExpression: 'begins_with(pk, :prefix)',
      ExpressionAttributeValues: { ':prefix': prefix },
      Select: 'COUNT',
    }),
  );
  return Count ?? 0;
}

let n = 0;
function anOrder(createdAt: string, lines: [string, number, number][], name = 'Café'): Order {
  n++;
  return {
    orderId: `ord-${String(n).padStart(4, '0')}`,
    status: 'CONFIRMED',
    customerId: 'c',
    lines: lines.map(([productId, quantity, unitAmount]) => ({
      productId,
      name: `${name} ${productId}`,
      quantity,
      unitAmount,
      lineTotal: quantity * unitAmount,
      priceChanged: false,
    })),
    total: { amount: lines.reduce((sum, [, q, u]) => sum + q * u, 0), currency: 'BRL' },
    invoiceSeries: 1,
    invoiceNumber: n,
    createdAt,
    paymentId: `pay-${n}`,
  };
}

const at = (day: number, hour: number, minute = 0) =>
  `2024-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00.000Z`;

describe('RollupStore: the stream consumer', () => {
  it('applies a batch once, however often it is delivered and however it is cut on a retry', async () => {
    const store = new RollupStore(dynamo, table.name);
    const parts = Array.from({ length: 30 }, (_, i) =>
      saleOf(anOrder(at(1, 10 + (i % 2), i), [['p1', 1 + (i % 3), 150]])),
    );

    expect(await store.apply(parts)).toBeUndefined();
    expect(comparable(await rollupsIn(store, 'g0'))).toEqual(comparable(sumOf(parts)));

    // Delivered again whole, then cut in two with an overlap (Lambda's bisection on a retry), one
    // change twice in a batch.
    const more = [saleOf(anOrder(at(1, 10), [['p2', 1, 100]])), saleOf(anOrder(at(1, 11), [['p2', 2, 100]]))];
    expect(await store.apply(parts)).toBeUndefined();
    expect(await store.apply([...parts.slice(10, 20), more[0]!])).toBeUndefined();
    expect(await store.apply([...parts.slice(5), more[1]!, more[1]!, more[0]!])).toBeUndefined();

    const after = await rollupsIn(store, 'g0');
    expect(comparable(after)).toEqual(comparable(sumOf([...parts, ...more])));
    expect(after.get('DAY#2024-03-01T00:00:00.000Z')?.sum.orders).toBe(32);
  }, 30_000);

  it('stays exact when several shards write the same rollups at once, a batch even twice at once', async () => {
    const stores = Array.from({ length: 6 }, () => new RollupStore(dynamo, table.name));
    const batches = stores.map((_, s) =>
      Array.from({ length: 15 }, (_, i) =>
        saleOf(anOrder(at(2, 9, (s * 15 + i) % 60), [['p1', 1, 100 + s]])),
      ),
    );

    const outcomes = await Promise.all([
      ...stores.map((store, s) => store.apply(batches[s]!)),
      stores[0]!.apply(batches[1]!),
      stores[2]!.apply(batches[3]!),
    ]);

    expect(outcomes).toEqual(outcomes.map(() => undefined));
    const day = (await rollupsIn(stores[0]!, 'g0')).get('DAY#2024-03-02T00:00:00.000Z');
    expect(day?.sum.orders).toBe(90);
    expect(day?.sum.products.get('p1')).toMatchObject({
      units: 90,
      revenue: batches.reduce((sum, batch, s) => sum + batch.length * (100 + s), 0),
    });
  }, 30_000);

  it('cuts a batch too big for one transaction into several, and applies them in order', async () => {
    const store = new RollupStore(dynamo, table.name);
    const products = (k: number) =>
      Array.from({ length: 40 }, (_, i) => [`q${k % 3}-${i}`, 1, 10] as [string, number, number]);
    const parts = Array.from({ length: 50 }, (_, k) => saleOf(anOrder(at(3, k % 24, k), products(k))));
    const targets = parts.map((part, index) => ({ part, generations: ['g0'], index }));

    expect(planTransactions(targets).length).toBeGreaterThan(1);
    expect(await store.apply(parts)).toBeUndefined();
    const day = (await rollupsIn(store, 'g0')).get('DAY#2024-03-03T00:00:00.000Z');
    expect(day?.sum.orders).toBe(50);
    expect([...(day?.sum.products.values() ?? [])].reduce((sum, p) => sum + p.units, 0)).toBe(50 * 40);
  }, 30_000);

  it('reads a day and an hour written as one item before the buckets together with their buckets', async () => {
    const store = new RollupStore(dynamo, table.name);
    const before = saleOf(
      anOrder(at(4, 9), [
        ['p1', 2, 100],
        ['p2', 1, 300],
      ]),
    );
    const after = saleOf(
      anOrder(at(4, 9, 30), [
        ['p1', 1, 100],
        ['p3', 4, 50],
      ]),
    );
    const periods = [`DAY#${at(4, 0)}`, `HOUR#${at(4, 9)}`];
    const old = sumOf([before]);
    for (const period of periods) {
      const { granularity, start, sum } = old.get(period)!;
      const item = { ...periodKey('g0', granularity, start), ...Object.fromEntries(addClauses(sum)) };
      await dynamo.send(new PutCommand({ TableName: table.name, Item: item }));
    }

    expect(await store.apply([after])).toBeUndefined();

    const read = comparable(await rollupsIn(store, 'g0'));
    const both = comparable(sumOf([before, after]));
    for (const period of periods) expect(read[period]).toEqual(both[period]);
  }, 30_000);
});

describe('rebuildRollups', () => {
  let own: PrivateTable;
  beforeAll(async () => {
    own = await createPrivateTable('sales');
  });
  afterAll(async () => {
    await own.drop();
  });

  it('recomputes every rollup from the table into a new generation, which reports then read', async () => {
    const store = new RollupStore(dynamo, own.name, { pointerCacheMs: 0 });
    const put = (item: TransactItem) => dynamo.send(new PutCommand(item.Put!));
    // An order partly returned, and one cancelled: what the consumer wrote (g0) is what the rebuild finds.
    const kept = anOrder(at(20, 14, 5), [['p7', 3, 500]], 'Azeite');
    const returned = planReturn(kept, {
      returnId: 'ret-1',
      lines: [{ productId: 'p7', quantity: 1 }],
      restock: true,
      actor: 'client:admin',
      at: at(21, 9),
    });
    const record: ReturnRecord = { ...returned.record, creditNoteNumber: 1 };
    const placed = anOrder(
      at(20, 15, 30),
      [
        ['p7', 2, 500],
        ['p8', 1, 50],
      ],
      'Azeite novo',
    );
    const refund = planCancel(placed, 'client:admin', at(22, 8)).refund;
    const gone: Order = { ...placed, status: 'CANCELLED', cancelledAt: at(22, 8), refund };
    await put(orderPut(own.name, returned.order));
    await put(returnPut(own.name, record));
    await put(orderPut(own.name, gone));
    await store.apply([saleOf(kept), returnPartOf(record), saleOf(placed), cancellationOf(gone)]);
    const fromStream = await rollupsIn(store, 'g0');
    const streamItems = await itemsUnder(own.name, 'ROLLUP#g0#');

    const first = await rebuildRollups(dynamo, own.name, { idle: true });

    expect(first).toMatchObject({ previous: 'g0', orders: 2, returns: 1, deleted: 0 });
    expect((await readPointer(dynamo, own.name, true)).current).toEqual({
      id: first.generation,
      since: first.since,
    });
    const rebuilt = await rollupsIn(store, first.generation);
    expect(comparable(rebuilt)).toEqual(comparable(fromStream));
    expect(comparable(rebuilt)).toEqual(comparable(rollupsOf([returned.order, gone], [record])));
    const report = makeSalesReport({
      orders: new SalesStore(dynamo, own.name),
      rollups: store,
      currency: 'BRL',
    });
    for (const [from, to] of [
      ['2024-03-20T03:00:00.000Z', '2024-03-24T03:00:00.000Z'],
      ['2024-03-20T14:05:00.000Z', '2024-03-21T09:00:00.001Z'],
      ['2024-01-01T00:00:00.000Z', '2024-12-31T00:00:00.000Z'],
    ] as const) {
      expect(await report(new Date(from), new Date(to))).toEqual(
        salesReport([returned.order, gone], [record], from, to, 'BRL'),
      );
    }

    // What happens from the new generation's start on, the stream adds to it.
    const now = anOrder(new Date().toISOString(), [['p9', 1, 10]]);
    await store.apply([saleOf(now)]);
    const day = Date.parse(now.createdAt.slice(0, 10));
    const today = { from: new Date(day).toISOString(), to: new Date(day + 86_400_000).toISOString() };
    expect((await store.rollups(first.generation, 'DAY', today))[0]?.sum.orders).toBe(1);

    // A second rebuild replaces it, and deletes what is older than the generation it replaces.
    const second = await rebuildRollups(dynamo, own.name, { idle: true });
    expect(second).toMatchObject({ previous: first.generation, orders: 2, returns: 1 });
    expect(second.deleted).toBe(streamItems);
    expect((await rollupsIn(store, 'g0')).size).toBe(0);
    expect(comparable(await rollupsIn(store, second.generation))).toEqual(comparable(rebuilt));
  }, 30_000);

  it('loses and doubles nothing when orders and cancellations arrive while it runs', async () => {
    const busy = await createPrivateTable('sales');
    try {
      const store = new RollupStore(dynamo, busy.name, { pointerCacheMs: 0 });
      const write = (order: Order) =>
        dynamo.send(new PutCommand({ TableName: busy.name, Item: orderPut(busy.name, order).Put!.Item }));
      const orders = new Map<string, Order>();
      /** An order now, written and then delivered by "the stream", as the table and its consumer would. */
      const place = async () => {
        const order = anOrder(new Date().toISOString(), [
          ['p1', 2, 300],
          ['p2', 1, 50],
        ]);
        await write(order);
        orders.set(order.orderId, order);
        await store.apply([saleOf(order)]);
      };
      const cancelOne = async () => {
        const open = [...orders.values()].find((o) => o.status === 'CONFIRMED');
        if (!open) return;
        const when = new Date().toISOString();
        const gone: Order = {
          ...open,
          status: 'CANCELLED',
          cancelledAt: when,
          refund: planCancel(open, 'client:admin', when).refund,
        };
        await write(gone);
        orders.set(gone.orderId, gone);
        await store.apply([cancellationOf(gone)]);
      };
      for (let i = 0; i < 6; i++) await place();
      let running = true;
      const traffic = (async () => {
        for (let i = 0; running; i++) await (i % 3 === 2 ? cancelOne() : place());
      })();

      const outcome = await rebuildRollups(dynamo, busy.name, {
        timing: { startDelayMs: 1_500, lateWriteMs: 500 },
      });
      running = false;
      await traffic;

      const today = Date.parse(new Date().toISOString().slice(0, 10));
      // Wide enough to hold today's month whole.
      const range = {
        from: new Date(today - 40 * 86_400_000).toISOString(),
        to: new Date(today + 40 * 86_400_000).toISOString(),
      };
      const stored = new Map<string, PeriodRollup>();
      for (const granularity of GRANULARITIES) {
        for (const r of await store.rollups(outcome.generation, granularity, range))
          stored.set(`${granularity}#${r.start}`, r);
      }
      expect(orders.size).toBeGreaterThan(10);
      expect(
        [...orders.values()].some((o) => o.status === 'CANCELLED' && o.cancelledAt! >= outcome.since),
      ).toBe(true);
      expect([...orders.values()].some((o) => o.createdAt < outcome.since)).toBe(true);
      expect(comparable(stored)).toEqual(comparable(rollupsOf(orders.values(), [])));
    } finally {
      await busy.drop();
    }
  }, 60_000);
});
