import { anOrder } from '#test/support/orders.ts';
import { makeCancelOrder } from './cancel-order.ts';
import { FakeClock, FakeOrders, FakePayments } from './fakes.ts';

describe('cancelOrder', () => {
  const order = anOrder({ invoiceNumber: 7 });

  it('cancels once, records the refund and one OrderCancelled, and answers a second cancel the same', async () => {
    const orders = new FakeOrders();
    orders.orders.set('o1', order);
    const clock = new FakeClock();
    const payments = new FakePayments();
    const cancel = makeCancelOrder({ orders, payments, clock });

    const first = await cancel('o1', 'user:caixa', 'corr');
    clock.advance(5000);
    const second = await cancel('o1', 'user:caixa', 'corr');

    expect(first).toMatchObject({
      status: 'CANCELLED',
      refund: { status: 'REFUNDED', refundId: 'ref_cancel-o1', amount: order.total },
    });
    expect(second).toEqual(first);
    expect(orders.events).toEqual([{ type: 'OrderCancelled', orderId: 'o1' }]);
    expect(payments.refunds).toEqual(['pay_o1']);
  });

  it('changes the state before refunding: a refund that fails leaves the cancel recorded, PENDING', async () => {
    const orders = new FakeOrders();
    orders.orders.set('o1', order);
    const payments = new FakePayments();
    payments.failNextRefund = true;
    const cancel = makeCancelOrder({ orders, payments, clock: new FakeClock() });

    await expect(cancel('o1', 'user:caixa', 'corr')).rejects.toThrow(/unreachable/);

    expect(orders.orders.get('o1')).toMatchObject({ status: 'CANCELLED', refund: { status: 'PENDING' } });
    expect(orders.events).toEqual([{ type: 'OrderCancelled', orderId: 'o1' }]);
    expect(payments.refunds).toEqual([]);
  });

  it('refunds exactly once when retried after a crash between the state change and the refund', async () => {
    const orders = new FakeOrders();
    orders.orders.set('o1', order);
    const payments = new FakePayments();
    const cancel = makeCancelOrder({ orders, payments, clock: new FakeClock() });
    // The process dies after the provider paid, before the refund was recorded REFUNDED.
    const completeRefund = orders.completeRefund.bind(orders);
    orders.completeRefund = async () => {
      throw new Error('crashed');
    };
    await expect(cancel('o1', 'user:caixa', 'corr')).rejects.toThrow('crashed');
    orders.completeRefund = completeRefund;

    const retried = await cancel('o1', 'user:caixa', 'corr');
    const again = await cancel('o1', 'user:caixa', 'corr');

    expect(retried).toMatchObject({ status: 'CANCELLED', refund: { status: 'REFUNDED' } });
    expect(again).toEqual(retried);
    expect(payments.refundRequests).toEqual(['cancel-o1', 'cancel-o1']);
    expect(payments.refunds).toEqual(['pay_o1']);
    expect(orders.events).toEqual([{ type: 'OrderCancelled', orderId: 'o1' }]);
  });

  it('lets racing cancels change the state once and pay one refund', async () => {
    const orders = new FakeOrders();
    orders.orders.set('o1', order);
    const payments = new FakePayments();
    const cancel = makeCancelOrder({ orders, payments, clock: new FakeClock() });

    const answers = await Promise.all([
      cancel('o1', 'user:caixa', 'a'),
      cancel('o1', 'user:caixa', 'b'),
      cancel('o1', 'user:caixa', 'c'),
    ]);

    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(orders.events).toHaveLength(1);
    expect(payments.refunds).toEqual(['pay_o1']);
  });

  it('answers not_found for an unknown order', async () => {
    const cancel = makeCancelOrder({
      orders: new FakeOrders(),
      payments: new FakePayments(),
      clock: new FakeClock(),
    });

    await expect(cancel('nope', 'user:caixa', 'corr')).rejects.toMatchObject({ code: 'not_found' });
  });
});
