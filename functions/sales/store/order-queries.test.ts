import { dynamo } from '#lib/dynamodb/client.ts';
import { newId } from '#lib/ids.ts';
import { createPrivateTable, type PrivateTable } from '#test/support/private-table.ts';
import type { Order, UnnumberedOrder } from '../domain/order.ts';
import type { CreatedBetweenQuery } from '../ports.ts';
import { SalesStore } from './sales-store.ts';

// A table of this file's own: the range lists read whole day partitions, which no other test may fill.
let table: PrivateTable;
let store: SalesStore;
beforeAll(async () => {
  table = await createPrivateTable('sales');
  store = new SalesStore(dynamo, table.name);
});
afterAll(async () => {
  await table.drop();
});

const anOrder = (createdAt: string): UnnumberedOrder => {
  const orderId = newId('ord_');
  return {
    orderId,
    status: 'CONFIRMED',
    customerId: newId('cus_'),
    lines: [{ productId: 'p1', quantity: 1, unitAmount: 150, lineTotal: 150, priceChanged: false }],
    total: { amount: 150, currency: 'BRL' },
    createdAt,
    paymentId: `pay_${orderId}`,
  };
};

const cancel = (order: Order) =>
  store.cancel(
    order,
    {
      refund: { status: 'PENDING', amount: order.total, at: order.createdAt },
      actor: 'client:admin',
      seenRevision: 0,
    },
    'corr',
  );

/** Every page of a list, in order, following its cursors. */
async function pages(query: Omit<CreatedBetweenQuery, 'cursor'>): Promise<string[][]> {
  const all: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listCreatedBetween({ ...query, cursor });
    all.push(page.items.map((order) => order.orderId));
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && all.length < 20);
  return all;
}

const record = async (createdAt: string) => store.recordConfirmed(anOrder(createdAt), 'corr');

describe('SalesStore: the orders created in a range', () => {
  // Three days with orders, an empty day between them, and orders just outside the range.
  const from = '2031-05-01T06:00:00.000Z';
  const to = '2031-05-05T00:00:00.000Z';
  let newestFirst: string[];
  beforeAll(async () => {
    await record('2031-05-01T05:59:59.999Z'); // before `from`
    await record(to); // at `to`: excluded
    const placed = [];
    for (const at of [
      '2031-05-01T06:00:00.000Z',
      '2031-05-01T12:00:00.000Z',
      '2031-05-01T23:59:59.999Z',
      '2031-05-03T00:00:00.000Z',
      '2031-05-04T10:00:00.000Z',
      '2031-05-04T10:00:00.000Z',
      '2031-05-04T23:00:00.000Z',
    ]) {
      placed.push(await record(at));
    }
    newestFirst = placed
      .sort((a, b) => (`${a.createdAt}#${a.orderId}` < `${b.createdAt}#${b.orderId}` ? 1 : -1))
      .map((order) => order.orderId);
  });

  it('pages across the day partitions from the newest day back, with no duplicate and no gap', async () => {
    const found = await pages({ from, to, limit: 2 });

    expect(found.slice(0, 4)).toEqual([
      newestFirst.slice(0, 2),
      newestFirst.slice(2, 4),
      newestFirst.slice(4, 6),
      newestFirst.slice(6, 7),
    ]);
    expect(found.flat()).toEqual(newestFirst);
    expect(found).toHaveLength(4);
  });

  it('answers a whole range in one page, and a page that ends a day with the next day as cursor', async () => {
    const whole = await store.listCreatedBetween({ from, to, limit: 100 });
    const dayOne = await pages({ from, to: '2031-05-02T00:00:00.000Z', limit: 3 });

    expect(whole).toEqual({ items: expect.any(Array), nextCursor: null });
    expect(whole.items.map((order) => order.orderId)).toEqual(newestFirst);
    expect(whole.items[0]).not.toHaveProperty('gsi2pk');
    expect(dayOne).toEqual([newestFirst.slice(4, 7)]);
  });

  it('filters by status, filling each page to its limit across days whatever the filter dropped', async () => {
    const start = '2031-06-01T00:00:00.000Z';
    const end = '2031-06-04T00:00:00.000Z';
    const cancelled: string[] = [];
    // Day 1: 3 cancelled among 5; day 2: none cancelled; day 3: 1 cancelled among 3.
    for (const [day, statuses] of [
      ['01', 'CXCXC'],
      ['02', 'XXX'],
      ['03', 'XCX'],
    ] as const) {
      for (const [i, status] of [...statuses].entries()) {
        const order = await record(`2031-06-${day}T1${i}:00:00.000Z`);
        if (status === 'C') {
          await cancel(order);
          cancelled.unshift(order.orderId);
        }
      }
    }

    const found = await pages({ from: start, to: end, status: 'CANCELLED', limit: 2 });
    const confirmed = await store.listCreatedBetween({
      from: start,
      to: end,
      status: 'CONFIRMED',
      limit: 100,
    });

    expect(found.flat()).toEqual(cancelled);
    expect(found.slice(0, 2).map((page) => page.length)).toEqual([2, 2]);
    expect(confirmed.items).toHaveLength(7);
    expect(confirmed.items.every((order) => order.status === 'CONFIRMED')).toBe(true);
  });

  it("refuses a cursor that is not this list's: garbage, another list's, a day outside the range, a foreign key", async () => {
    const first = await store.listCreatedBetween({ from, to, limit: 1 });
    const decoded = JSON.parse(Buffer.from(first.nextCursor!, 'base64url').toString('utf8'));
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const customerCursor = (await store.listByCustomer('nobody', 1, undefined)).nextCursor;
    const otherDay = await store.listCreatedBetween({
      from: '2031-05-01T00:00:00.000Z',
      to: '2031-05-02T00:00:00.000Z',
      limit: 1,
    });
    const otherDayKey = JSON.parse(Buffer.from(otherDay.nextCursor!, 'base64url').toString('utf8')).after;

    const refused = [
      'not-a-cursor',
      encode({ pk: 'ORDER#x', sk: 'ORDER' }),
      encode({ day: '2031-04-30' }),
      encode({ ...decoded, extra: 1 }),
      encode({ day: decoded.day, after: 42 }),
      encode({ day: decoded.day, after: otherDayKey }),
      ...(customerCursor ? [customerCursor] : []),
    ];

    expect(decoded.day).toBe('2031-05-04');
    for (const cursor of refused) {
      await expect(store.listCreatedBetween({ from, to, limit: 1, cursor })).rejects.toMatchObject({
        code: 'validation_failed',
      });
    }
  });
});
