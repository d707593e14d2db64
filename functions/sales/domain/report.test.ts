import type { Order } from './order.ts';
import { salesReport } from './report.ts';
import { planReturn, type ReturnRecord } from './returns.ts';

const order = (id: string, createdAt: string, status: Order['status'], qty: number): Order => ({
  orderId: id,
  status,
  customerId: 'c',
  lines: [{ productId: 'p1', quantity: qty, unitAmount: 100, lineTotal: qty * 100, priceChanged: false }],
  total: { amount: qty * 100, currency: 'BRL' },
  invoiceSeries: 1,
  invoiceNumber: 1,
  createdAt,
  paymentId: 'x',
});

const DAY1 = '2025-01-01T00:00:00.000Z';
const DAY2 = '2025-01-02T00:00:00.000Z';
const DAY3 = '2025-01-03T00:00:00.000Z';

/** A return of `quantity` units of p1 made at `at`, and the order after it. */
function returned(
  of: Order,
  quantity: number,
  at: string,
  n: number,
): { record: ReturnRecord; order: Order } {
  const plan = planReturn(of, {
    returnId: `r${n}`,
    lines: [{ productId: 'p1', quantity }],
    restock: true,
    actor: 'client:admin',
    at,
  });
  return { record: { ...plan.record, creditNoteNumber: n }, order: plan.order };
}

describe('salesReport', () => {
  it('sums confirmed orders created in [from, to) and skips cancelled ones', () => {
    const report = salesReport(
      [
        order('a', DAY1, 'CONFIRMED', 2),
        order('b', '2025-01-01T12:00:00.000Z', 'CANCELLED', 5),
        order('c', DAY2, 'CONFIRMED', 7),
      ],
      [],
      DAY1,
      DAY2,
      'BRL',
    );

    expect(report).toMatchObject({
      orders: 1,
      units: 2,
      revenue: { amount: 200, currency: 'BRL' },
      returns: { amount: 0, currency: 'BRL' },
    });
    expect(report.byProduct).toEqual([
      { productId: 'p1', name: 'p1', units: 2, revenue: { amount: 200, currency: 'BRL' } },
    ]);
    expect(report.byDay).toEqual([
      { day: '2025-01-01', orders: 1, revenue: { amount: 200, currency: 'BRL' } },
    ]);
  });

  it('nets out the returns made in the period, whenever their orders were placed', () => {
    // Placed on day 1 (5 units); 2 returned on day 1, 1 on day 2.
    const placed = order('a', DAY1, 'CONFIRMED', 5);
    const first = returned(placed, 2, '2025-01-01T10:00:00.000Z', 1);
    const second = returned(first.order, 1, '2025-01-02T10:00:00.000Z', 2);
    const orders = [second.order];
    const returns = [first.record, second.record];

    const day1 = salesReport(orders, returns, DAY1, DAY2, 'BRL');
    const day2 = salesReport(orders, returns, DAY2, DAY3, 'BRL');
    const both = salesReport(orders, returns, DAY1, DAY3, 'BRL');

    expect(day1).toMatchObject({ orders: 1, units: 3, revenue: { amount: 300 }, returns: { amount: 200 } });
    // Day 2 sold nothing and took a unit back: below zero.
    expect(day2).toMatchObject({ orders: 0, units: -1, revenue: { amount: -100 }, returns: { amount: 100 } });
    expect(both).toMatchObject({ orders: 1, units: 2, revenue: { amount: 200 }, returns: { amount: 300 } });
    expect(both.byProduct).toEqual([
      { productId: 'p1', name: 'p1', units: 2, revenue: { amount: 200, currency: 'BRL' } },
    ]);
    // Each credit note on its own day: day 1 sold 500 and took 200 back, day 2 took 100 back.
    expect(both.byDay).toEqual([
      { day: '2025-01-01', orders: 1, revenue: { amount: 300, currency: 'BRL' } },
      { day: '2025-01-02', orders: 0, revenue: { amount: -100, currency: 'BRL' } },
    ]);
    expect(day2.byDay).toEqual([
      { day: '2025-01-02', orders: 0, revenue: { amount: -100, currency: 'BRL' } },
    ]);
  });

  it('counts a cancellation after returns once: the returned units sold then returned, the rest never sold', () => {
    const placed = order('a', DAY1, 'CONFIRMED', 4);
    const partly = returned(placed, 1, '2025-01-01T10:00:00.000Z', 1);
    const cancelled: Order = {
      ...partly.order,
      status: 'CANCELLED',
      refund: {
        status: 'REFUNDED',
        amount: { amount: 300, currency: 'BRL' },
        at: '2025-01-01T11:00:00.000Z',
      },
    };

    const report = salesReport([cancelled], [partly.record], DAY1, DAY2, 'BRL');

    expect(report).toMatchObject({ orders: 1, units: 0, revenue: { amount: 0 }, returns: { amount: 100 } });
    expect(report.byDay).toEqual([{ day: '2025-01-01', orders: 1, revenue: { amount: 0, currency: 'BRL' } }]);
  });

  it("sums the days to the totals, and names each product as the period's newest order line named it", () => {
    const named = (id: string, createdAt: string, name: string | undefined, qty: number): Order => {
      const plain = order(id, createdAt, 'CONFIRMED', qty);
      return { ...plain, lines: plain.lines.map((line) => (name ? { ...line, name } : line)) };
    };
    const placed = named('b', '2025-01-02T09:00:00.000Z', 'Café', 3);
    const back = returned(placed, 1, '2025-01-03T08:00:00.000Z', 1);
    const orders = [
      named('a', '2025-01-01T23:59:59.999Z', 'Café (antigo)', 1),
      back.order,
      named('c', '2025-01-02T10:00:00.000Z', undefined, 2),
      order('d', '2025-01-02T11:00:00.000Z', 'CANCELLED', 4),
    ];

    const report = salesReport(orders, [back.record], DAY1, '2025-01-04T00:00:00.000Z', 'BRL');

    expect(report.byDay).toEqual([
      { day: '2025-01-01', orders: 1, revenue: { amount: 100, currency: 'BRL' } },
      { day: '2025-01-02', orders: 2, revenue: { amount: 500, currency: 'BRL' } },
      { day: '2025-01-03', orders: 0, revenue: { amount: -100, currency: 'BRL' } },
    ]);
    expect(report.byDay.reduce((sum, day) => sum + day.orders, 0)).toBe(report.orders);
    expect(report.byDay.reduce((sum, day) => sum + day.revenue.amount, 0)).toBe(report.revenue.amount);
    expect(report.byProduct).toEqual([
      { productId: 'p1', name: 'Café', units: 5, revenue: { amount: 500, currency: 'BRL' } },
    ]);
  });

  it('names a product seen only in a return of an earlier order by its id, and lists no day without sales or returns', () => {
    const placed = { ...order('a', DAY1, 'CONFIRMED', 2) };
    const back = returned(placed, 1, '2025-01-05T10:00:00.000Z', 1);

    const report = salesReport(
      [back.order],
      [back.record],
      '2025-01-04T00:00:00.000Z',
      '2025-01-07T00:00:00.000Z',
      'BRL',
    );

    expect(report.byProduct).toEqual([
      { productId: 'p1', name: 'p1', units: -1, revenue: { amount: -100, currency: 'BRL' } },
    ]);
    expect(report.byDay).toEqual([
      { day: '2025-01-05', orders: 0, revenue: { amount: -100, currency: 'BRL' } },
    ]);
  });
});
