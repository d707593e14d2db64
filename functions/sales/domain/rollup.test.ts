import { type Order, planCancel } from './order.ts';
import { nextPeriodMs, periodStart } from './periods.ts';
import { planReturn, type ReturnRecord } from './returns.ts';
import {
  addInto,
  cancellationOf,
  contributionOf,
  emptySum,
  isZero,
  namesIn,
  partOf,
  returnPartOf,
  rollupsOf,
  saleOf,
} from './rollup.ts';
import { FIRST_POINTER, generationsFor } from './rollup-generations.ts';

const order = (
  lines: [string, number, number, string?][],
  createdAt = '2025-03-01T10:20:00.000Z',
): Order => ({
  orderId: 'o1',
  status: 'CONFIRMED',
  customerId: 'c',
  lines: lines.map(([productId, quantity, unitAmount, name]) => ({
    productId,
    quantity,
    unitAmount,
    lineTotal: quantity * unitAmount,
    priceChanged: false,
    ...(name ? { name } : {}),
  })),
  total: { amount: lines.reduce((sum, [, q, u]) => sum + q * u, 0), currency: 'BRL' },
  invoiceSeries: 1,
  invoiceNumber: 1,
  createdAt,
  paymentId: 'pay',
});

const returnOf = (of: Order, lines: { productId: string; quantity: number }[], at: string) => {
  const plan = planReturn(of, { returnId: 'r1', lines, restock: true, actor: 'client:admin', at });
  return { record: { ...plan.record, creditNoteNumber: 1 } as ReturnRecord, order: plan.order };
};

const cancelled = (of: Order, at: string): Order => {
  const cancellation = planCancel(of, 'client:admin', at);
  return { ...of, status: 'CANCELLED', cancelledAt: at, refund: cancellation.refund, revision: 9 };
};

describe('rollup parts', () => {
  it('counts a sale as the order, every line, named as the order named it', () => {
    const part = saleOf(
      order([
        ['p1', 3, 100, 'Café'],
        ['p2', 1, 250],
      ]),
    );

    expect(part).toMatchObject({ id: 'sale:o1', countsAt: '2025-03-01T10:20:00.000Z' });
    expect(part.sum.orders).toBe(1);
    expect(part.sum.products.get('p1')).toEqual({
      units: 3,
      revenue: 300,
      lines: 1,
      names: new Map([['Café', 1]]),
    });
    expect(part.sum.products.get('p2')).toEqual({ units: 1, revenue: 250, lines: 1, names: new Map() });
  });

  it('takes a cancelled sale back whole: the order, its units, revenue and names', () => {
    const placed = order([['p1', 3, 100, 'Café']]);
    const part = cancellationOf(cancelled(placed, '2025-03-02T08:00:00.000Z'));

    expect(part).toMatchObject({
      id: 'cancel:o1',
      countsAt: placed.createdAt,
      happenedAt: '2025-03-02T08:00:00.000Z',
    });
    expect(isZero(addInto(saleOf(placed).sum, part.sum))).toBe(true);
  });

  it('leaves what was returned before a cancellation sold (and then returned, on its own day)', () => {
    const placed = order([
      ['p1', 3, 100, 'Café'],
      ['p2', 2, 101],
    ]);
    const { order: afterReturn, record } = returnOf(
      placed,
      [{ productId: 'p2', quantity: 1 }],
      '2025-03-01T23:00:00.000Z',
    );
    const part = cancellationOf(cancelled(afterReturn, '2025-03-03T00:00:00.000Z'));

    const net = addInto(saleOf(placed).sum, part.sum);
    expect(net.orders).toBe(1);
    expect(net.products.get('p1')).toEqual({ units: 0, revenue: 0, lines: 0, names: new Map([['Café', 0]]) });
    // The returned unit stays sold (and is returned on its own day); the other is no sale.
    expect(net.products.get('p2')).toEqual({ units: 1, revenue: 101, lines: 1, names: new Map() });
    expect(returnPartOf(record)).toMatchObject({ id: 'return:o1:r1', countsAt: '2025-03-01T23:00:00.000Z' });
    expect(returnPartOf(record).sum).toEqual({
      orders: 0,
      refunds: 101,
      products: new Map([['p2', { units: -1, revenue: -101, lines: 1, names: new Map() }]]),
      days: new Map(),
    });
  });

  it('is the same as the order as it stands: the sale plus its cancellation', () => {
    const placed = order([['p1', 5, 7, 'Café']]);
    const { order: afterReturn } = returnOf(
      placed,
      [{ productId: 'p1', quantity: 2 }],
      '2025-03-01T12:00:00.000Z',
    );
    const gone = cancelled(afterReturn, '2025-03-01T13:00:00.000Z');

    expect(addInto(saleOf(gone).sum, cancellationOf(gone).sum)).toEqual(contributionOf(gone));
  });

  it('reads the stream: a cancellation is the change to CANCELLED with the refund PENDING, nothing else', () => {
    const placed = order([['p1', 1, 100]]);
    const gone = cancelled(placed, '2025-03-02T00:00:00.000Z');
    const refunded: Order = { ...gone, refund: { ...gone.refund!, status: 'REFUNDED', refundId: 'rf' } };

    expect(partOf({ kind: 'order-inserted', order: placed })?.id).toBe('sale:o1');
    expect(partOf({ kind: 'order-modified', order: gone })?.id).toBe('cancel:o1');
    expect(partOf({ kind: 'order-modified', order: refunded })).toBeUndefined();
    expect(
      partOf({ kind: 'order-modified', order: { ...placed, status: 'PARTIALLY_RETURNED' } }),
    ).toBeUndefined();
    expect(partOf({ kind: 'other' })).toBeUndefined();
  });
});

describe('rollups', () => {
  it('puts a part in the UTC hour, day and month it counts in; the month keeps it as a line of its day', () => {
    expect(periodStart('HOUR', '2025-03-01T10:59:59.999Z')).toBe('2025-03-01T10:00:00.000Z');
    expect(periodStart('DAY', '2025-03-01T23:59:59.999Z')).toBe('2025-03-01T00:00:00.000Z');
    expect(periodStart('MONTH', '2024-02-29T23:59:59.999Z')).toBe('2024-02-01T00:00:00.000Z');
    expect(new Date(nextPeriodMs('MONTH', '2024-12-01T00:00:00.000Z')).toISOString()).toBe(
      '2025-01-01T00:00:00.000Z',
    );
    const rollups = rollupsOf([order([['p1', 2, 100]], '2025-03-07T10:20:00.000Z')], []);
    expect([...rollups.keys()].sort()).toEqual([
      'DAY#2025-03-07T00:00:00.000Z',
      'HOUR#2025-03-07T10:00:00.000Z',
      'MONTH#2025-03-01T00:00:00.000Z',
    ]);
    const month = rollups.get('MONTH#2025-03-01T00:00:00.000Z')!.sum;
    expect(month.days).toEqual(new Map([['2025-03-07', { orders: 1, revenue: 200, lines: 1 }]]));
    expect(month.products).toEqual(rollups.get('DAY#2025-03-07T00:00:00.000Z')!.sum.products);
  });

  it('rebuilds only what happened before a generation starts', () => {
    const placed = order([['p1', 2, 100]]);
    const gone = cancelled(placed, '2025-03-05T00:00:00.000Z');
    const before = rollupsOf([gone], [], '2025-03-04T00:00:00.000Z');

    // The sale is the rebuild's; the cancellation, after the start, is the stream's.
    expect(before.get('DAY#2025-03-01T00:00:00.000Z')?.sum.orders).toBe(1);
    expect(rollupsOf([gone], []).get('DAY#2025-03-01T00:00:00.000Z')?.sum.orders).toBe(0);
  });

  it('names a product by every name its lines sold under, counted', () => {
    const sum = addInto(
      addInto(emptySum(), saleOf(order([['p1', 1, 1, 'A']])).sum),
      saleOf({ ...order([['p1', 1, 1, 'B']]), orderId: 'o2' }).sum,
    );
    expect(namesIn(sum, 'p1').sort()).toEqual(['A', 'B']);
    expect(namesIn(sum, 'p9')).toEqual([]);
  });
});

describe('rollup generations', () => {
  it('adds a change to the current generation, and to the one being rebuilt from its start on', () => {
    const pointer = {
      current: { id: 'g1', since: '' },
      next: { id: 'g2', since: '2025-03-01T00:00:00.000Z' },
      version: 3,
    };

    expect(generationsFor({ happenedAt: '2025-02-28T23:59:59.999Z' }, pointer)).toEqual(['g1']);
    expect(generationsFor({ happenedAt: '2025-03-01T00:00:00.000Z' }, pointer)).toEqual(['g1', 'g2']);
    expect(generationsFor({ happenedAt: '2020-01-01T00:00:00.000Z' }, FIRST_POINTER)).toEqual(['g0']);
    // Once current, a rebuilt generation still leaves what happened before its start to the rebuild.
    expect(
      generationsFor({ happenedAt: '2025-02-01T00:00:00.000Z' }, { current: pointer.next, version: 4 }),
    ).toEqual([]);
  });
});
