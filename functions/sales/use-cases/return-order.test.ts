import type { Order } from '../domain/order.ts';
import { makeCancelOrder } from './cancel-order.ts';
import { FakeClock, FakeOrders, FakePayments } from './fakes.ts';
import { makeGetOrder } from './read-orders.ts';
import { makeReturnOrder } from './return-order.ts';

const anOrder = (orderId = 'o1'): Order => ({
  orderId,
  status: 'CONFIRMED',
  customerId: 'c1',
  lines: [
    { productId: 'p1', quantity: 3, unitAmount: 670, lineTotal: 2010, priceChanged: false },
    { productId: 'p2', quantity: 1, unitAmount: 500, lineTotal: 500, priceChanged: false },
  ],
  total: { amount: 2510, currency: 'BRL' },
  invoiceSeries: 1,
  invoiceNumber: 7,
  createdAt: '2025-03-01T10:00:00.000Z',
  paymentId: `pay_${orderId}`,
  placedBy: 'client:pos',
});

function setup() {
  const orders = new FakeOrders();
  orders.orders.set('o1', anOrder('o1'));
  orders.orders.set('o2', anOrder('o2'));
  const payments = new FakePayments();
  const clock = new FakeClock();
  const deps = { orders, payments, clock };
  return {
    orders,
    payments,
    clock,
    returnOrder: makeReturnOrder(deps),
    cancel: makeCancelOrder(deps),
    getOrder: makeGetOrder(deps),
  };
}

const one = (productId: string, quantity = 1) => [{ productId, quantity }];
const body = (returnId: string, lines: { productId: string; quantity: number }[], restock = true) => ({
  returnId,
  lines,
  restock,
});

describe('returnOrder', () => {
  it('records a partial return with its refund, credit note and one OrderReturned, then pays the refund', async () => {
    const { orders, payments, returnOrder, getOrder } = setup();

    const answer = await returnOrder(
      'o1',
      { ...body('r1', one('p1', 2)), reason: 'broken' },
      'user:caixa',
      'c',
    );

    expect(answer).toEqual({
      returnId: 'r1',
      orderId: 'o1',
      lines: [{ productId: 'p1', quantity: 2, refund: { amount: 1340, currency: 'BRL' } }],
      restock: true,
      reason: 'broken',
      refund: { amount: 1340, currency: 'BRL' },
      creditNoteNumber: 1,
      actor: 'user:caixa',
      createdAt: '2025-03-01T12:00:00.000Z',
      refundStatus: 'REFUNDED',
      refundId: 'ref_return-o1-r1',
    });
    expect(orders.published.filter((e) => e.type === 'OrderReturned').map((e) => e.data)).toEqual([
      {
        orderId: 'o1',
        returnId: 'r1',
        lines: [{ productId: 'p1', quantity: 2, refund: { amount: 1340, currency: 'BRL' } }],
        restock: true,
        refund: { amount: 1340, currency: 'BRL' },
        creditNoteNumber: 1,
        actor: 'user:caixa',
        hasContact: false,
      },
    ]);
    expect(payments.refundRequests).toEqual(['return-o1-r1']);
    const order = await getOrder('o1');
    expect(order).toMatchObject({ status: 'PARTIALLY_RETURNED', returns: [answer] });
    expect(order.lines.map((l) => l.returnedQuantity)).toEqual([2, 0]);
  });

  it('takes several returns until everything is returned, then refuses more naming the line', async () => {
    const { returnOrder, getOrder } = setup();

    const a = await returnOrder('o1', body('r1', one('p1')), 'client:admin', 'c');
    const statusAfterA = (await getOrder('o1')).status;
    const b = await returnOrder('o1', body('r2', [...one('p2'), ...one('p1')], false), 'client:admin', 'c');
    const c = await returnOrder('o1', body('r3', one('p1')), 'client:admin', 'c');
    const more = returnOrder('o1', body('r4', one('p1')), 'client:admin', 'c');

    expect(statusAfterA).toBe('PARTIALLY_RETURNED');
    expect([a, b, c].map((r) => r.creditNoteNumber)).toEqual([1, 2, 3]);
    expect([a, b, c].map((r) => r.refund.amount)).toEqual([670, 1170, 670]);
    expect((await getOrder('o1')).status).toBe('RETURNED');
    await expect(more).rejects.toMatchObject({
      code: 'conflict',
      errors: [expect.objectContaining({ path: 'body.lines.0.quantity', productId: 'p1' })],
    });
  });

  it('answers a retry with the same body the same, writing nothing; another body or order → idempotency_key_reused', async () => {
    const { orders, payments, returnOrder, clock } = setup();
    const first = await returnOrder('o1', body('r1', one('p1')), 'client:admin', 'c');
    clock.advance(60_000);

    const again = await returnOrder('o1', body('r1', one('p1')), 'user:other', 'c');
    const other = returnOrder('o1', body('r1', one('p1', 2)), 'client:admin', 'c');
    const elsewhere = returnOrder('o2', body('r1', one('p1')), 'client:admin', 'c');

    expect(again).toEqual(first);
    await expect(other).rejects.toMatchObject({ code: 'idempotency_key_reused' });
    await expect(elsewhere).rejects.toMatchObject({ code: 'idempotency_key_reused' });
    expect(orders.events.filter((e) => e.type === 'OrderReturned')).toHaveLength(1);
    expect(orders.lastCreditNote).toBe(1);
    expect(payments.refunds).toEqual(['pay_o1']);
    expect(orders.orders.get('o2')?.revision).toBeUndefined();
  });

  it('refuses a product not on the order, a cancelled order and an unknown one, writing nothing', async () => {
    const { orders, returnOrder, cancel } = setup();
    await cancel('o2', 'client:admin', 'c');

    await expect(returnOrder('o1', body('r1', one('p9')), 'a', 'c')).rejects.toMatchObject({
      code: 'conflict',
      errors: [expect.objectContaining({ path: 'body.lines.0.productId', productId: 'p9' })],
    });
    await expect(returnOrder('o2', body('r2', one('p1')), 'a', 'c')).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(returnOrder('nope', body('r3', one('p1')), 'a', 'c')).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(orders.returns.size).toBe(0);
    expect(orders.lastCreditNote).toBe(0);
  });

  it('plans again when another return lands between the read and the write: never more than bought', async () => {
    const { orders, returnOrder } = setup();
    const other = makeReturnOrder({ orders, payments: new FakePayments(), clock: new FakeClock() });
    let landed = false;
    orders.beforeReturnWrite = async () => {
      if (landed) return;
      landed = true;
      await other('o1', body('rx', one('p1', 2)), 'b', 'c');
    };

    const refused = returnOrder('o1', body('r1', one('p1', 2)), 'a', 'c');

    await expect(refused).rejects.toMatchObject({ code: 'conflict' });
    orders.beforeReturnWrite = undefined;
    const fits = await returnOrder('o1', body('r2', one('p1', 1)), 'a', 'c');
    // The refused return took no credit note: rx has 1, r2 has 2.
    expect(fits).toMatchObject({ creditNoteNumber: 2, refund: { amount: 670 } });
    expect(orders.orders.get('o1')?.lines[0]?.returnedQuantity).toBe(3);
  });

  it('lets racing returns of one unit each succeed exactly as often as there are units, numbered without gaps', async () => {
    const { orders, returnOrder } = setup();

    const settled = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => returnOrder('o1', body(`r${i}`, one('p1')), 'a', 'c')),
    );

    const won = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    expect(won.map((r) => r.creditNoteNumber).sort()).toEqual([1, 2, 3]);
    expect(won.reduce((sum, r) => sum + r.refund.amount, 0)).toBe(2010);
    expect(settled.filter((s) => s.status === 'rejected')).toHaveLength(3);
    expect(orders.orders.get('o1')?.lines[0]?.returnedQuantity).toBe(3);
  });

  it('records the return before the money: a refund that fails leaves it PENDING, and the retry pays once', async () => {
    const { orders, payments, returnOrder } = setup();
    payments.failNextRefund = true;

    await expect(returnOrder('o1', body('r1', one('p1')), 'a', 'c')).rejects.toThrow(/unreachable/);
    expect(orders.returns.get('r1')?.refundStatus).toBe('PENDING');
    const retried = await returnOrder('o1', body('r1', one('p1')), 'a', 'c');

    expect(retried).toMatchObject({ refundStatus: 'REFUNDED', refundId: 'ref_return-o1-r1' });
    expect(payments.refundRequests).toEqual(['return-o1-r1', 'return-o1-r1']);
    expect(payments.refunds).toEqual(['pay_o1']);
    expect(orders.events.filter((e) => e.type === 'OrderReturned')).toHaveLength(1);
  });
});

describe('cancelling an order with returns', () => {
  it('cancels only what was not returned: OrderCancelled lines and refund are the rest; who cancelled is kept', async () => {
    const { orders, returnOrder, cancel } = setup();
    await returnOrder('o1', body('r1', one('p1', 2)), 'a', 'c');

    const cancelled = await cancel('o1', 'client:admin', 'c');

    expect(cancelled).toMatchObject({
      status: 'CANCELLED',
      cancelledBy: 'client:admin',
      refund: { status: 'REFUNDED', amount: { amount: 2510 - 1340, currency: 'BRL' } },
      returns: [expect.objectContaining({ returnId: 'r1' })],
    });
    expect(orders.published.find((e) => e.type === 'OrderCancelled')?.data).toEqual({
      orderId: 'o1',
      lines: [
        { productId: 'p1', quantity: 1 },
        { productId: 'p2', quantity: 1 },
      ],
      actor: 'client:admin',
      hasContact: false,
    });
  });

  it('refuses to cancel a fully returned order', async () => {
    const { returnOrder, cancel } = setup();
    await returnOrder('o1', body('r1', [...one('p1', 3), ...one('p2')]), 'a', 'c');

    await expect(cancel('o1', 'client:admin', 'c')).rejects.toMatchObject({ code: 'conflict' });
  });

  it('plans the cancellation again when a return lands first', async () => {
    const { orders, returnOrder, cancel } = setup();
    const cancelOnce = orders.cancel.bind(orders);
    let first = true;
    orders.cancel = async (order, cancellation) => {
      if (first) {
        first = false;
        await returnOrder('o1', body('r1', one('p2')), 'a', 'c');
      }
      return cancelOnce(order, cancellation);
    };

    const cancelled = await cancel('o1', 'client:admin', 'c');

    expect(cancelled.refund?.amount.amount).toBe(2010);
    expect(orders.published.find((e) => e.type === 'OrderCancelled')?.data.lines).toEqual([
      { productId: 'p1', quantity: 3 },
    ]);
  });
});
