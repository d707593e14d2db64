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
import type { UnnumberedOrder } from '../domain/order.ts';
import { counterKey, ticketKey } from './keys.ts';
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

describe('SalesStore', () => {
  describe('on a table of its own', () => {
    let table: PrivateTable;
    beforeEach(async () => {
      table = await createPrivateTable('sales');
    });
    afterEach(async () => {
      await table.drop();
    });

    it('records 50 simultaneous orders, every one, numbered 1..50 with no gap, about one transaction each', async () => {
      let transactions = 0;
      const counting = Object.create(client) as typeof client;
      counting.send = ((command: object, ...rest: unknown[]) => {
        if (command instanceof TransactWriteCommand) transactions++;
        return (client.send as (...args: unknown[]) => unknown)(command, ...rest);
      }) as typeof client.send;

      // 50 instances: 50 Lambda environments racing for the last units of a product.
      const recorded = await Promise.allSettled(
        Array.from({ length: 50 }, () =>
          new SalesStore(counting, table.name).recordConfirmed(anOrder(newId('cus_')), 'corr'),
        ),
      );

      const failures = recorded.filter((r) => r.status === 'rejected');
      expect(failures).toEqual([]);
      const orders = recorded.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      expect(orders.map((o) => o.invoiceNumber).sort((a, b) => a - b)).toEqual(oneToN(50));
      const stored = await itemsOf(table.name, 'ORDER#');
      expect(stored.map((i) => i.invoiceNumber as number).sort((a, b) => a - b)).toEqual(oneToN(50));
      const events = await itemsOf(table.name, 'OUTBOX#');
      expect(new Map(events.map((e) => [e.envelope.data.orderId, e.envelope.data.invoiceNumber]))).toEqual(
        new Map(orders.map((o) => [o.orderId, o.invoiceNumber])),
      );
      const { Item: counter } = await client.send(
        new GetCommand({ TableName: table.name, Key: counterKey('INVOICE'), ConsistentRead: true }),
      );
      expect(counter?.last).toBe(50);
      // Retrying all at once costs 600-800 here (each win an attempt by every other); queued, ~50.
      expect(transactions).toBeLessThan(150);
    }, 30_000);

    it('does not let a queue ticket whose holder died hold up the orders behind it', async () => {
      // A recorder that took its ticket and crashed before its transaction.
      await client.send(
        new UpdateCommand({
          TableName: table.name,
          Key: ticketKey('INVOICE'),
          UpdateExpression: 'ADD issued :one SET issuedAt = :now',
          ExpressionAttributeValues: { ':one': 1, ':now': Date.now() },
        }),
      );

      const recorded = await Promise.all(
        Array.from({ length: 3 }, () =>
          new SalesStore(client, table.name).recordConfirmed(anOrder(newId('cus_')), 'corr'),
        ),
      );

      expect(recorded.map((o) => o.invoiceNumber).sort((a, b) => a - b)).toEqual(oneToN(3));
    }, 30_000);
  });

  it('gives 20 concurrent orders distinct invoice numbers with no gap in the table', async () => {
    // Separate instances stand for separate Lambda environments racing for the counter.
    const customer = newId('cus_');
    const recorded = await Promise.all(
      Array.from({ length: 20 }, () =>
        new SalesStore(client, TABLE).recordConfirmed(anOrder(customer), 'corr'),
      ),
    );

    const numbers = recorded.map((o) => o.invoiceNumber);
    expect(new Set(numbers).size).toBe(20);
    const { Item: counter } = await client.send(
      new GetCommand({ TableName: TABLE, Key: counterKey('INVOICE'), ConsistentRead: true }),
    );
    const last = counter?.last as number;
    const { Items = [] } = await client.send(
      new ScanCommand({
        TableName: TABLE,
        FilterExpression: 'begins_with(pk, :o) AND invoiceNumber <= :last',
        ExpressionAttributeValues: { ':o': 'ORDER#', ':last': last },
      }),
    );
    const all = Items.map((i) => i.invoiceNumber as number).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: last }, (_, i) => i + 1));
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
    const store = new SalesStore(client, TABLE);
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
