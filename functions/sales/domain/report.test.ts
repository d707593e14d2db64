import type { Order } from './order.ts';
import { salesReport } from './report.ts';

const order = (id: string, createdAt: string, status: Order['status'], qty: number): Order => ({
  orderId: id,
  status,
  customerId: 'c',
  lines: [{ productId: 'p1', quantity: qty, unitAmount: 100, lineTotal: qty * 100, priceChanged: false }],
  total: { amount: qty * 100, currency: 'BRL' },
  invoiceNumber: 1,
  createdAt,
  paymentId: 'x',
});

describe('salesReport', () => {
  it('sums confirmed orders created in [from, to) and skips cancelled ones', () => {
    const report = salesReport(
      [
        order('a', '2025-01-01T00:00:00.000Z', 'CONFIRMED', 2),
        order('b', '2025-01-01T12:00:00.000Z', 'CANCELLED', 5),
        order('c', '2025-01-02T00:00:00.000Z', 'CONFIRMED', 7),
      ],
      '2025-01-01T00:00:00.000Z',
      '2025-01-02T00:00:00.000Z',
      'BRL',
    );

    expect(report).toMatchObject({ orders: 1, units: 2, revenue: { amount: 200, currency: 'BRL' } });
    expect(report.byProduct).toEqual([
      { productId: 'p1', units: 2, revenue: { amount: 200, currency: 'BRL' } },
    ]);
  });
});
