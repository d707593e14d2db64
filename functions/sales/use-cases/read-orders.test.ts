import type { UnnumberedOrder } from '../domain/order.ts';
import { FakeOrders } from './fakes.ts';
import { makeGetInvoice, makeGetOrder, makeListOrders, makeSalesReport } from './read-orders.ts';

const anOrder = (orderId: string, customerId: string, createdAt: string): UnnumberedOrder => ({
  orderId,
  status: 'CONFIRMED',
  customerId,
  lines: [{ productId: 'p1', quantity: 2, unitAmount: 150, lineTotal: 300, priceChanged: false }],
  total: { amount: 300, currency: 'BRL' },
  createdAt,
  paymentId: `pay_${orderId}`,
});

async function withOrders() {
  const orders = new FakeOrders();
  await orders.recordConfirmed(anOrder('o1', 'c1', '2025-03-01T10:00:00.000Z'), 'corr');
  await orders.recordConfirmed(anOrder('o2', 'c2', '2025-03-01T11:00:00.000Z'), 'corr');
  await orders.recordConfirmed(anOrder('o3', 'c1', '2025-03-02T10:00:00.000Z'), 'corr');
  return orders;
}

describe('reading orders', () => {
  it('answers an order by id, and 404 for one never recorded', async () => {
    const getOrder = makeGetOrder({ orders: await withOrders() });

    expect(await getOrder('o1')).toMatchObject({ orderId: 'o1', invoiceNumber: 1, status: 'CONFIRMED' });
    await expect(getOrder('nope')).rejects.toMatchObject({ code: 'not_found' });
  });

  it("lists a customer's orders page by page, as public views", async () => {
    const listOrders = makeListOrders({ orders: await withOrders() });

    const first = await listOrders('c1', 1);
    const second = await listOrders('c1', 1, first.nextCursor ?? undefined);

    expect(first.items.map((o) => o.orderId)).toEqual(['o3']);
    expect(second).toEqual({ items: [expect.objectContaining({ orderId: 'o1' })], nextCursor: null });
    expect(first.items[0]).not.toHaveProperty('paymentId');
  });

  it("answers an order's invoice with the seller, and 404 for an unknown order", async () => {
    const getInvoice = makeGetInvoice({ orders: await withOrders(), seller: { name: 'Shop' } });

    expect(await getInvoice('o2')).toMatchObject({
      invoiceNumber: 2,
      orderId: 'o2',
      seller: { name: 'Shop' },
      customer: { customerId: 'c2' },
      issuedAt: '2025-03-01T11:00:00.000Z',
    });
    await expect(getInvoice('nope')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('sums the confirmed orders created in [from, to)', async () => {
    const orders = await withOrders();
    const salesReport = makeSalesReport({ orders, currency: 'BRL' });

    const report = await salesReport(new Date('2025-03-01T00:00:00Z'), new Date('2025-03-02T10:00:00Z'));

    expect(report).toMatchObject({ orders: 2, units: 4, revenue: { amount: 600, currency: 'BRL' } });
  });

  it('refuses a range that is empty, reversed or longer than 366 days', async () => {
    const salesReport = makeSalesReport({ orders: new FakeOrders(), currency: 'BRL' });
    const day = new Date('2025-03-01T00:00:00Z');

    await expect(salesReport(day, day)).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(salesReport(day, new Date('2026-03-03T00:00:00Z'))).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});
