import { makeCancelOrder } from './cancel-order.ts';
import { FakeClock, FakeOrders, FakePayments } from './fakes.ts';

describe('cancelOrder', () => {
  const order = {
    orderId: 'o1',
    status: 'CONFIRMED' as const,
    customerId: 'c1',
    lines: [{ productId: 'p1', quantity: 2, unitAmount: 100, lineTotal: 200, priceChanged: false }],
    total: { amount: 200, currency: 'BRL' },
    invoiceNumber: 7,
    createdAt: '2025-03-01T10:00:00.000Z',
    paymentId: 'pay_o1',
  };

  it('cancels once, records the refund and one OrderCancelled, and answers a second cancel the same', async () => {
    const orders = new FakeOrders();
    orders.orders.set('o1', order);
    const clock = new FakeClock();
    const payments = new FakePayments();
    const cancel = makeCancelOrder({ orders, payments, clock });

    const first = await cancel('o1', 'corr');
    clock.advance(5000);
    const second = await cancel('o1', 'corr');

    expect(first).toMatchObject({
      status: 'CANCELLED',
      refund: { refundId: 'ref_pay_o1', amount: order.total },
    });
    expect(second).toEqual(first);
    expect(orders.events).toEqual([{ type: 'OrderCancelled', orderId: 'o1' }]);
    expect(payments.refunds).toEqual(['pay_o1']);
  });

  it('answers not_found for an unknown order', async () => {
    const cancel = makeCancelOrder({
      orders: new FakeOrders(),
      payments: new FakePayments(),
      clock: new FakeClock(),
    });

    await expect(cancel('nope', 'corr')).rejects.toMatchObject({ code: 'not_found' });
  });
});
