import type { UnnumberedOrder } from '../domain/order.ts';
import { saleOf } from '../domain/rollup.ts';
import { FakeOrders, FakeRollups } from './fakes.ts';
import { makeGetInvoice, makeGetOrder, makeListOrders, selectionOf } from './read-orders.ts';
import { makeSalesReport } from './report.ts';

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

/** The report use case over these orders, each rolled up as the stream consumer would. */
async function reportOver(orders: FakeOrders) {
  const rollups = new FakeRollups();
  await rollups.apply([...orders.orders.values()].map(saleOf));
  return makeSalesReport({ orders, rollups, currency: 'BRL' });
}

describe('reading orders', () => {
  it('answers an order by id, and 404 for one never recorded', async () => {
    const getOrder = makeGetOrder({ orders: await withOrders() });

    expect(await getOrder('o1')).toMatchObject({ orderId: 'o1', invoiceNumber: 1, status: 'CONFIRMED' });
    await expect(getOrder('nope')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('shows the contact on the order itself only, never in a list', async () => {
    const orders = new FakeOrders();
    const contact = { email: 'maria@example.com', name: 'Maria' };
    await orders.recordConfirmed({ ...anOrder('o9', 'c9', '2025-03-01T10:00:00.000Z'), contact }, 'corr');

    expect((await makeGetOrder({ orders })('o9')).contact).toEqual(contact);
    expect(JSON.stringify(await makeListOrders({ orders })({ customerId: 'c9' }, 10))).not.toContain(
      'maria@example.com',
    );
    expect((await makeGetOrder({ orders: await withOrders() })('o1')).contact).toBeUndefined();
  });

  it("lists a customer's orders page by page, as public views", async () => {
    const listOrders = makeListOrders({ orders: await withOrders() });

    const first = await listOrders({ customerId: 'c1' }, 1);
    const second = await listOrders({ customerId: 'c1' }, 1, first.nextCursor ?? undefined);

    expect(first.items.map((o) => o.orderId)).toEqual(['o3']);
    expect(second).toEqual({ items: [expect.objectContaining({ orderId: 'o1' })], nextCursor: null });
    expect(first.items[0]).not.toHaveProperty('paymentId');
  });

  it('lists every order created in [from, to), newest first, page by page, of one status when asked', async () => {
    const orders = await withOrders();
    await orders.cancel(orders.orders.get('o2')!, {
      refund: { status: 'PENDING', amount: { amount: 300, currency: 'BRL' }, at: '2025-03-01T12:00:00.000Z' },
      actor: 'client:admin',
      seenRevision: 0,
    });
    const listOrders = makeListOrders({ orders });
    const range = { from: new Date('2025-03-01T00:00:00Z'), to: new Date('2025-03-02T10:00:00Z') };

    const first = await listOrders(range, 1);
    const second = await listOrders(range, 1, first.nextCursor ?? undefined);
    const cancelled = await listOrders({ ...range, status: 'CANCELLED' }, 10);
    const confirmed = await listOrders({ ...range, status: 'CONFIRMED' }, 10);

    // o3 was created at `to`, outside [from, to).
    expect(first.items.map((o) => o.orderId)).toEqual(['o2']);
    expect(second).toEqual({ items: [expect.objectContaining({ orderId: 'o1' })], nextCursor: null });
    expect(second.items[0]).toMatchObject({ total: { amount: 300, currency: 'BRL' } });
    expect(second.items[0]).not.toHaveProperty('paymentId');
    expect(cancelled.items.map((o) => o.orderId)).toEqual(['o2']);
    expect(confirmed.items.map((o) => o.orderId)).toEqual(['o1']);
  });

  it('selects by customer, or by range with its status, and refuses a query with neither', () => {
    const [from, to] = [new Date('2025-03-01T00:00:00Z'), new Date('2025-03-02T00:00:00Z')];

    expect(selectionOf({ customerId: 'c1' })).toEqual({ customerId: 'c1' });
    expect(selectionOf({ from, to, status: 'RETURNED' })).toEqual({ from, to, status: 'RETURNED' });
    expect(() => selectionOf({ from })).toThrow(expect.objectContaining({ code: 'validation_failed' }));
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
    const salesReport = await reportOver(await withOrders());

    const report = await salesReport(new Date('2025-03-01T00:00:00Z'), new Date('2025-03-02T10:00:00Z'));

    expect(report).toMatchObject({ orders: 2, units: 4, revenue: { amount: 600, currency: 'BRL' } });
  });

  it('reports by UTC day and names each product as its newest order line did; the days sum to the totals', async () => {
    const orders = await withOrders();
    const named = (orderId: string, createdAt: string, name: string, quantity: number) => ({
      ...anOrder(orderId, 'c3', createdAt),
      lines: [
        { productId: 'p2', name, quantity, unitAmount: 50, lineTotal: quantity * 50, priceChanged: false },
      ],
      total: { amount: quantity * 50, currency: 'BRL' },
    });
    await orders.recordConfirmed(named('o4', '2025-03-02T12:00:00.000Z', 'Café 1 kg (novo)', 3), 'corr');
    await orders.recordConfirmed(named('o5', '2025-03-01T23:00:00.000Z', 'Café 1 kg', 1), 'corr');
    const salesReport = await reportOver(orders);

    const report = await salesReport(new Date('2025-03-01T00:00:00Z'), new Date('2025-03-04T00:00:00Z'));

    expect(report.byDay).toEqual([
      { day: '2025-03-01', orders: 3, revenue: { amount: 650, currency: 'BRL' } },
      { day: '2025-03-02', orders: 2, revenue: { amount: 450, currency: 'BRL' } },
    ]);
    expect(report.byDay.reduce((sum, day) => sum + day.orders, 0)).toBe(report.orders);
    expect(report.byDay.reduce((sum, day) => sum + day.revenue.amount, 0)).toBe(report.revenue.amount);
    expect(report.byProduct.map(({ productId, name }) => ({ productId, name }))).toEqual([
      { productId: 'p1', name: 'p1' },
      { productId: 'p2', name: 'Café 1 kg (novo)' },
    ]);
  });

  it('refuses a range that is empty, reversed or longer than 366 days', async () => {
    const salesReport = await reportOver(new FakeOrders());
    const day = new Date('2025-03-01T00:00:00Z');

    await expect(salesReport(day, day)).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(salesReport(day, new Date('2026-03-03T00:00:00Z'))).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});
