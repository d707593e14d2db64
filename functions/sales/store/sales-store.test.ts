import {
  GetCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#lib/dynamodb/client.ts';
import { newId } from '#lib/ids.ts';
import { createPrivateTable, type PrivateTable } from '#test/support/private-table.ts';
import { untilAnswered } from '#test/support/retry-after.ts';
import type { Order, UnnumberedOrder } from '../domain/order.ts';
import { counterKey } from './keys.ts';
import { PriceCacheStore } from './price-cache-store.ts';
import { SalesStore } from './sales-store.ts';

// Store tests run on private tables of the test DynamoDB Local: one for this file, unique ids per
// test, and a fresh one where a test needs an untouched counter.
let TABLE: string;
let fileTable: PrivateTable;
beforeAll(async () => {
  fileTable = await createPrivateTable('sales');
  TABLE = fileTable.name;
});
afterAll(async () => {
  await fileTable.drop();
});
const client = dynamo;

const anOrder = (customerId: string, createdAt = new Date().toISOString()): UnnumberedOrder => {
  const orderId = newId('ord_');
  return {
    orderId,
    status: 'CONFIRMED',
    customerId,
    lines: [{ productId: 'p1', quantity: 2, unitAmount: 150, lineTotal: 300, priceChanged: false }],
    total: { amount: 300, currency: 'BRL' },
    createdAt,
    paymentId: `pay_${orderId}`,
  };
};

const outboxEventsFor = async (orderId: string, type: string) => {
  const { Items = [] } = await client.send(
    new QueryCommand({
      TableName: TABLE,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :o',
      ExpressionAttributeValues: { ':o': 'OUTBOX' },
    }),
  );
  return Items.filter((i) => i.envelope.type === type && i.envelope.data.orderId === orderId);
};

const itemsOf = async (table: string, pkPrefix: string) => {
  const { Items = [] } = await client.send(
    new ScanCommand({
      TableName: table,
      FilterExpression: 'begins_with(pk, :p)',
      ExpressionAttributeValues: { ':p': pkPrefix },
      ConsistentRead: true,
    }),
  );
  return Items;
};

const oneToN = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** Each series' invoice numbers, ascending. */
const numbersBySeries = (orders: readonly Pick<Order, 'invoiceSeries' | 'invoiceNumber'>[]) => {
  const bySeries = new Map<number, number[]>();
  for (const { invoiceSeries, invoiceNumber } of orders) {
    bySeries.set(invoiceSeries, [...(bySeries.get(invoiceSeries) ?? []), invoiceNumber]);
  }
  for (const numbers of bySeries.values()) numbers.sort((a, b) => a - b);
  return new Map([...bySeries].sort(([a], [b]) => a - b));
};

const counterOf = async (table: string, series: number) => {
  const { Item } = await client.send(
    new GetCommand({ TableName: table, Key: counterKey('INVOICE', series), ConsistentRead: true }),
  );
  return Item?.last as number | undefined;
};

/** The client, counting the transactions sent through it. */
const countingTransactions = () => {
  let transactions = 0;
  const counting = Object.create(client) as typeof client;
  counting.send = ((command: object, ...rest: unknown[]) => {
    if (command instanceof TransactWriteCommand) transactions++;
    return (client.send as (...args: unknown[]) => unknown)(command, ...rest);
  }) as typeof client.send;
  return { client: counting, count: () => transactions };
};

describe('SalesStore', () => {
  describe('on a table of its own', () => {
    let table: PrivateTable;
    beforeEach(async () => {
      table = await createPrivateTable('sales');
    });
    afterEach(async () => {
      await table.drop();
    });

    it('records 50 simultaneous orders of one instance, gap-free in each series, one transaction each', async () => {
      const { client: counting, count } = countingTransactions();
      const store = new SalesStore(counting, table.name, 8);

      // One instance running 50 at once (the local runtime's worker): each holds a series of its own.
      const recorded = await Promise.allSettled(
        Array.from({ length: 50 }, () => store.recordConfirmed(anOrder(newId('cus_')), 'corr')),
      );

      expect(recorded.filter((r) => r.status === 'rejected')).toEqual([]);
      const orders = recorded.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const bySeries = numbersBySeries(orders);
      expect(bySeries.size).toBe(8);
      for (const [series, numbers] of bySeries) {
        expect({ series, numbers }).toEqual({ series, numbers: oneToN(numbers.length) });
        expect(await counterOf(table.name, series)).toBe(numbers.length);
      }
      const stored = await itemsOf(table.name, 'ORDER#');
      expect(numbersBySeries(stored as never)).toEqual(bySeries);
      const events = await itemsOf(table.name, 'OUTBOX#');
      expect(
        new Map(
          events.map((e) => [
            e.envelope.data.orderId,
            `${e.envelope.data.invoiceSeries}-${e.envelope.data.invoiceNumber}`,
          ]),
        ),
      ).toEqual(new Map(orders.map((o) => [o.orderId, `${o.invoiceSeries}-${o.invoiceNumber}`])));
      // Never two at once in a series here, and each series' counter known after its first write.
      expect(count()).toBe(50);
    }, 30_000);

    it('records 30 orders of 30 instances racing, gap-free in each series', async () => {
      // 30 instances: 30 Lambda environments meeting on the counters of 4 series.
      const recorded = await Promise.allSettled(
        Array.from({ length: 30 }, () => {
          const [store, order] = [new SalesStore(client, table.name, 4), anOrder(newId('cus_'))];
          return untilAnswered(() => store.recordConfirmed(order, 'corr'));
        }),
      );

      expect(recorded.filter((r) => r.status === 'rejected')).toEqual([]);
      const orders = recorded.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      for (const [series, numbers] of numbersBySeries(orders)) {
        expect({ series, numbers }).toEqual({ series, numbers: oneToN(numbers.length) });
        expect(await counterOf(table.name, series)).toBe(numbers.length);
      }
    }, 30_000);

    it('goes on from the one invoice counter there was: series 1 keeps its key', async () => {
      await client.send(
        new UpdateCommand({
          TableName: table.name,
          Key: counterKey('INVOICE'),
          UpdateExpression: 'SET #last = :last',
          ExpressionAttributeNames: { '#last': 'last' },
          ExpressionAttributeValues: { ':last': 41 },
        }),
      );

      const order = await new SalesStore(client, table.name, 1).recordConfirmed(anOrder(newId('cus_')), 'c');

      expect(order).toMatchObject({ invoiceSeries: 1, invoiceNumber: 42 });
    });
  });

  it('gives 20 concurrent orders distinct invoice numbers with no gap in the table', async () => {
    // Separate instances stand for separate Lambda environments racing for the counters.
    const customer = newId('cus_');
    const recorded = await Promise.all(
      Array.from({ length: 20 }, () => {
        const [store, order] = [new SalesStore(client, TABLE), anOrder(customer)];
        return untilAnswered(() => store.recordConfirmed(order, 'corr'));
      }),
    );

    expect(new Set(recorded.map((o) => `${o.invoiceSeries}-${o.invoiceNumber}`)).size).toBe(20);
    for (const series of new Set(recorded.map((o) => o.invoiceSeries))) {
      const last = await counterOf(TABLE, series);
      const { Items = [] } = await client.send(
        new ScanCommand({
          TableName: TABLE,
          FilterExpression: 'begins_with(pk, :o) AND invoiceSeries = :s AND invoiceNumber <= :last',
          ExpressionAttributeValues: { ':o': 'ORDER#', ':s': series, ':last': last },
        }),
      );
      const all = Items.map((i) => i.invoiceNumber as number).sort((a, b) => a - b);
      expect({ series, all }).toEqual({ series, all: oneToN(last ?? 0) });
    }
  }, 30_000);

  it('records the order with exactly one OrderConfirmed in its outbox', async () => {
    const store = new SalesStore(client, TABLE);

    const order = await store.recordConfirmed(anOrder(newId('cus_')), 'corr-1');

    expect(await store.get(order.orderId)).toMatchObject({
      status: 'CONFIRMED',
      invoiceNumber: order.invoiceNumber,
    });
    const events = await outboxEventsFor(order.orderId, 'OrderConfirmed');
    expect(events).toHaveLength(1);
    expect(events[0]?.envelope.data).toMatchObject({
      invoiceNumber: order.invoiceNumber,
      total: order.total,
    });
  });

  it('records one order per idempotency key, consuming no invoice number for the second attempt', async () => {
    const store = new SalesStore(client, TABLE, 1);
    const key = newId('key-');
    const first = await store.recordConfirmed(anOrder(newId('cus_')), 'c', key);

    const second = await store.recordConfirmed(anOrder(newId('cus_')), 'c', key);
    const next = await store.recordConfirmed(anOrder(newId('cus_')), 'c');

    expect(second).toEqual(first);
    expect(next.invoiceNumber).toBeGreaterThan(first.invoiceNumber);
    const { Item } = await client.send(
      new GetCommand({ TableName: TABLE, Key: { pk: `ORDER#${second.orderId}`, sk: 'ORDER' } }),
    );
    expect(Item?.orderId).toBe(first.orderId);
  });

  it('cancels once: a second cancel changes nothing and writes no second OrderCancelled', async () => {
    const store = new SalesStore(client, TABLE);
    const order = await store.recordConfirmed(anOrder(newId('cus_')), 'corr');
    const refund = { status: 'PENDING' as const, amount: order.total, at: new Date().toISOString() };
    const cancellation = { refund, actor: 'client:admin', seenRevision: 0 };

    const first = await store.cancel(order, cancellation, 'corr');
    const second = await store.cancel(order, cancellation, 'corr');

    expect(first?.status).toBe('CANCELLED');
    expect(second).toBeUndefined();
    expect(await outboxEventsFor(order.orderId, 'OrderCancelled')).toHaveLength(1);
  });

  it('completes a PENDING refund once, with the provider id', async () => {
    const store = new SalesStore(client, TABLE);
    const order = await store.recordConfirmed(anOrder(newId('cus_')), 'corr');
    const refund = { status: 'PENDING' as const, amount: order.total, at: new Date().toISOString() };
    await store.cancel(order, { refund, actor: 'client:admin', seenRevision: 0 }, 'c');

    const completed = await store.completeRefund(order.orderId, 'ref-1');
    const again = await store.completeRefund(order.orderId, 'ref-2');

    expect(completed?.refund).toMatchObject({ status: 'REFUNDED', refundId: 'ref-1', amount: order.total });
    expect(again).toBeUndefined();
    expect((await store.get(order.orderId))?.refund?.refundId).toBe('ref-1');
  });

  it("lists a customer's orders newest first, page by page", async () => {
    const store = new SalesStore(client, TABLE);
    const customer = newId('cus_');
    const a = await store.recordConfirmed(anOrder(customer, '2024-01-01T10:00:00.000Z'), 'c');
    const b = await store.recordConfirmed(anOrder(customer, '2024-01-02T10:00:00.000Z'), 'c');
    const c = await store.recordConfirmed(anOrder(customer, '2024-01-03T10:00:00.000Z'), 'c');

    const page1 = await store.listByCustomer(customer, 2, undefined);
    const page2 = await store.listByCustomer(customer, 2, page1.nextCursor ?? undefined);

    expect(page1.items.map((o) => o.orderId)).toEqual([c.orderId, b.orderId]);
    expect(page2.items.map((o) => o.orderId)).toEqual([a.orderId]);
  });

  it("refuses another customer's cursor as an invalid cursor, not a 500", async () => {
    const store = new SalesStore(client, TABLE);
    const [mine, theirs] = [newId('cus_'), newId('cus_')];
    for (const customer of [mine, theirs, theirs]) await store.recordConfirmed(anOrder(customer), 'c');
    const { nextCursor } = await store.listByCustomer(theirs, 1, undefined);

    await expect(store.listByCustomer(mine, 1, nextCursor ?? undefined)).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('reads confirmed orders created in [from, to) across days', async () => {
    const store = new SalesStore(client, TABLE);
    // A far-past minute no other test writes to.
    const base = Date.UTC(1999, 0, 1, 23, 59, 0) + Math.floor(Math.random() * 1000) * 86_400_000;
    const at = (ms: number) => new Date(base + ms).toISOString();
    const inside1 = await store.recordConfirmed(anOrder('c', at(0)), 'c');
    const inside2 = await store.recordConfirmed(anOrder('c', at(90_000)), 'c'); // the next day
    const cancelled = await store.recordConfirmed(anOrder('c', at(1000)), 'c');
    const refund = { status: 'PENDING' as const, amount: cancelled.total, at: at(2000) };
    await store.cancel(cancelled, { refund, actor: 'client:admin', seenRevision: 0 }, 'c');
    await store.recordConfirmed(anOrder('c', at(120_000)), 'c'); // at `to`: excluded

    const found = await store.createdBetween(at(0), at(120_000));

    expect(found.map((o) => o.orderId).sort()).toEqual([inside1.orderId, inside2.orderId].sort());
  });
});

describe('PriceCacheStore', () => {
  it('keeps the highest version whatever order the writes come in', async () => {
    const cache = new PriceCacheStore(client, TABLE);
    const productId = newId('prd_');
    const price = (version: number, amount: number) => ({
      productId,
      amount,
      currency: 'BRL',
      listAmount: amount,
      version,
      fetchedAt: new Date().toISOString(),
      currentAt: new Date().toISOString(),
    });

    const wrote = [
      await cache.putIfNewer(price(2, 200)),
      await cache.putIfNewer(price(1, 100)),
      await cache.putIfNewer(price(2, 200)),
      await cache.putIfNewer(price(3, 300)),
    ];

    expect(wrote).toEqual([true, false, false, true]);
    expect((await cache.getMany([productId, 'absent'])).get(productId)).toMatchObject({
      version: 3,
      amount: 300,
    });
  });
});
