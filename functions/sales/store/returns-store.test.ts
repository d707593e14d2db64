import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#lib/dynamodb/client.ts';
import { AppError } from '#lib/errors.ts';
import { newId } from '#lib/ids.ts';
import { createPrivateTable, type PrivateTable } from '#test/support/private-table.ts';
import { untilAnswered } from '#test/support/retry-after.ts';
import { type Order, planCancel, type UnnumberedOrder } from '../domain/order.ts';
import { planReturn, type ReturnRequest } from '../domain/returns.ts';
import { counterKey } from './keys.ts';
import { SalesStore } from './sales-store.ts';

// Returns on private tables of the test DynamoDB Local: a fresh table per test, so the credit-note
// counter starts from nothing and the numbers can be checked for gaps.
const client = dynamo;
let table: PrivateTable;
beforeEach(async () => {
  table = await createPrivateTable('sales');
});
afterEach(async () => {
  await table.drop();
});

const anOrder = (quantity: number, createdAt = new Date().toISOString()): UnnumberedOrder => {
  const orderId = newId('ord_');
  return {
    orderId,
    status: 'CONFIRMED',
    customerId: newId('cus_'),
    lines: [
      { productId: 'p1', quantity, unitAmount: 670, lineTotal: 670 * quantity, priceChanged: false },
      { productId: 'p2', quantity: 1, unitAmount: 500, lineTotal: 500, priceChanged: false },
    ],
    total: { amount: 670 * quantity + 500, currency: 'BRL' },
    createdAt,
    paymentId: `pay_${orderId}`,
    placedBy: 'client:pos',
  };
};

const request = (lines: ReturnRequest['lines'], returnId = newId('ret_')): ReturnRequest => ({
  returnId,
  lines,
  restock: true,
  actor: 'client:admin',
  at: new Date().toISOString(),
});

/** A return through a store of its own (a Lambda environment of its own), planned from a fresh read. */
async function returnOn(orderId: string, req: ReturnRequest, store = new SalesStore(client, table.name)) {
  const order = (await store.get(orderId)) as Order;
  return store.recordReturn(order, (now) => planReturn(now, req), 'corr');
}

const outbox = async (type: string) => {
  const { Items = [] } = await client.send(
    new QueryCommand({
      TableName: table.name,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :o',
      ExpressionAttributeValues: { ':o': 'OUTBOX' },
    }),
  );
  return Items.filter((i) => i.envelope.type === type).map((i) => i.envelope.data);
};

const oneToN = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const numbers = (values: number[]) => [...values].sort((a, b) => a - b);

describe('returns in the SalesStore', () => {
  it('writes the return, the order, its id and OrderReturned in one transaction, with credit note 1', async () => {
    const store = new SalesStore(client, table.name);
    const order = await store.recordConfirmed(anOrder(3), 'corr');

    const outcome = await returnOn(order.orderId, request([{ productId: 'p1', quantity: 2 }], 'r-1'));

    expect(outcome).toMatchObject({
      recorded: { returnId: 'r-1', creditNoteNumber: 1, refund: { amount: 1340 }, refundStatus: 'PENDING' },
    });
    const found = await store.getWithReturns(order.orderId);
    expect(found?.order).toMatchObject({ status: 'PARTIALLY_RETURNED', revision: 1, returnedAmount: 1340 });
    expect(found?.order.lines.map((l) => l.returnedQuantity ?? 0)).toEqual([2, 0]);
    expect(found?.returns.map((r) => r.returnId)).toEqual(['r-1']);
    expect(await outbox('OrderReturned')).toEqual([
      expect.objectContaining({ returnId: 'r-1', creditNoteNumber: 1, restock: true, actor: 'client:admin' }),
    ]);
    const { Item: invoices } = await client.send(
      new GetCommand({
        TableName: table.name,
        Key: counterKey('INVOICE', order.invoiceSeries),
        ConsistentRead: true,
      }),
    );
    expect(invoices?.last).toBe(1);
  });

  it('lets 20 concurrent one-unit returns on a line of 10 return exactly 10, numbered 1..10', async () => {
    const order = await new SalesStore(client, table.name).recordConfirmed(anOrder(10), 'corr');

    const settled = await Promise.allSettled(
      Array.from({ length: 20 }, () => {
        const req = request([{ productId: 'p1', quantity: 1 }]);
        return untilAnswered(() => returnOn(order.orderId, req, new SalesStore(client, table.name)));
      }),
    );

    const recorded = settled.flatMap((s) =>
      s.status === 'fulfilled' && 'recorded' in s.value ? [s.value.recorded] : [],
    );
    const refused = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason] : []));
    expect(recorded).toHaveLength(10);
    expect(refused).toHaveLength(10);
    expect(refused.every((e) => e instanceof AppError && e.code === 'conflict')).toBe(true);
    expect(numbers(recorded.map((r) => r.creditNoteNumber))).toEqual(oneToN(10));
    // 670 per unit: the line's total, no centavo lost or added.
    expect(recorded.reduce((sum, r) => sum + r.refund.amount, 0)).toBe(6700);
    const found = await new SalesStore(client, table.name).getWithReturns(order.orderId);
    expect(found?.order.lines[0]?.returnedQuantity).toBe(10);
    expect(found?.order).toMatchObject({ status: 'PARTIALLY_RETURNED', revision: 10, returnedAmount: 6700 });
    expect(found?.returns).toHaveLength(10);
    expect(numbers((await outbox('OrderReturned')).map((e) => e.creditNoteNumber))).toEqual(oneToN(10));
  }, 30_000);

  it('numbers concurrent returns across orders without a gap', async () => {
    // Credit notes are one series (README, Known limits): a dozen writers racing on its counter is the
    // race; two dozen on a busy two-core machine measure its speed more than the numbering.
    const racing = 12;
    const store = new SalesStore(client, table.name);
    const orders = await Promise.all(
      Array.from({ length: racing }, () => store.recordConfirmed(anOrder(2), 'c')),
    );

    const outcomes = await Promise.all(
      orders.map((o) => {
        const req = request([{ productId: 'p2', quantity: 1 }]);
        return untilAnswered(() => returnOn(o.orderId, req));
      }),
    );

    const credit = outcomes.map((o) => ('recorded' in o ? o.recorded.creditNoteNumber : 0));
    expect(numbers(credit)).toEqual(oneToN(racing));
    const { Item: counter } = await client.send(
      new GetCommand({ TableName: table.name, Key: counterKey('CREDIT_NOTE'), ConsistentRead: true }),
    );
    expect(counter?.last).toBe(racing);
  }, 60_000);

  it('takes a return id once: again on its order is the return recorded, on another order is refused', async () => {
    const store = new SalesStore(client, table.name);
    const [a, b] = [
      await store.recordConfirmed(anOrder(3), 'c'),
      await store.recordConfirmed(anOrder(3), 'c'),
    ];
    const first = await returnOn(a.orderId, request([{ productId: 'p1', quantity: 1 }], 'r-same'));

    const again = await returnOn(a.orderId, request([{ productId: 'p1', quantity: 1 }], 'r-same'));
    const elsewhere = await returnOn(b.orderId, request([{ productId: 'p1', quantity: 1 }], 'r-same'));

    expect('recorded' in first && first.recorded.creditNoteNumber).toBe(1);
    expect(again).toEqual({ existing: 'recorded' in first ? first.recorded : undefined });
    expect(elsewhere).toEqual({ takenBy: a.orderId });
    expect((await store.get(a.orderId))?.lines[0]?.returnedQuantity).toBe(1);
    expect((await store.get(b.orderId))?.revision).toBeUndefined();
    expect(await outbox('OrderReturned')).toHaveLength(1);
    // Neither attempt took a number: the next return is 2.
    const next = await returnOn(b.orderId, request([{ productId: 'p1', quantity: 1 }]));
    expect('recorded' in next && next.recorded.creditNoteNumber).toBe(2);
  }, 30_000);

  it('cancels only from the revision it was planned from, and what was not returned', async () => {
    const store = new SalesStore(client, table.name);
    const order = await store.recordConfirmed(anOrder(3), 'c');
    const stale = planCancel(order, 'client:admin', new Date().toISOString());
    await returnOn(order.orderId, request([{ productId: 'p1', quantity: 1 }]));

    const refused = await store.cancel(order, stale, 'c');
    const now = (await store.get(order.orderId)) as Order;
    const cancelled = await store.cancel(now, planCancel(now, 'client:admin', new Date().toISOString()), 'c');

    expect(refused).toBeUndefined();
    expect(cancelled).toMatchObject({ status: 'CANCELLED', cancelledBy: 'client:admin' });
    expect((await store.get(order.orderId))?.refund?.amount.amount).toBe(2510 - 670);
    expect(await outbox('OrderCancelled')).toEqual([
      {
        orderId: order.orderId,
        lines: [
          { productId: 'p1', quantity: 2 },
          { productId: 'p2', quantity: 1 },
        ],
        actor: 'client:admin',
        hasContact: false,
      },
    ]);
  });

  it('completes a return refund once, and reads returns by their own day for the report', async () => {
    const store = new SalesStore(client, table.name);
    const base = Date.UTC(1998, 0, 1, 23, 59, 0);
    const at = (ms: number) => new Date(base + ms).toISOString();
    const order = await store.recordConfirmed(anOrder(3, at(0)), 'c');
    const req = { ...request([{ productId: 'p1', quantity: 3 }]), at: at(90_000) }; // the next day
    const outcome = await returnOn(order.orderId, req);
    const returnId = 'recorded' in outcome ? outcome.recorded.returnId : '';
    const cancelledOrder = await store.recordConfirmed(anOrder(1, at(1000)), 'c');
    const now = (await store.get(cancelledOrder.orderId)) as Order;
    await store.cancel(now, planCancel(now, 'client:admin', at(2000)), 'c');

    const completed = await store.completeReturnRefund(order.orderId, returnId, 'ref-1');
    const again = await store.completeReturnRefund(order.orderId, returnId, 'ref-2');

    expect(completed).toMatchObject({ refundStatus: 'REFUNDED', refundId: 'ref-1' });
    expect(again).toBeUndefined();
    expect((await store.returnsCreatedBetween(at(0), at(120_000))).map((r) => r.returnId)).toEqual([
      returnId,
    ]);
    expect(await store.returnsCreatedBetween(at(0), at(60_000))).toEqual([]);
    // The returned order still counts as sold on its day; the cancelled one with nothing returned does not.
    expect((await store.createdBetween(at(0), at(60_000))).map((o) => o.orderId)).toEqual([order.orderId]);
  });
});
