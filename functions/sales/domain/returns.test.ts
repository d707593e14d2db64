import fc from 'fast-check';
import type { Order } from './order.ts';
import { planCancel } from './order.ts';
import { planReturn, type ReturnRequest, returnView, sameReturn, unitShares } from './returns.ts';

const order: Order = {
  orderId: 'o1',
  status: 'CONFIRMED',
  customerId: 'c1',
  lines: [
    { productId: 'p1', quantity: 3, unitAmount: 670, lineTotal: 2010, priceChanged: false },
    { productId: 'p2', quantity: 2, unitAmount: 500, lineTotal: 1000, priceChanged: false },
  ],
  total: { amount: 3010, currency: 'BRL' },
  invoiceSeries: 1,
  invoiceNumber: 7,
  createdAt: '2025-03-01T10:00:00.000Z',
  paymentId: 'pay_o1',
};

const request = (lines: ReturnRequest['lines'], returnId = 'r1'): ReturnRequest => ({
  returnId,
  lines,
  restock: true,
  actor: 'client:admin',
  at: '2025-03-02T10:00:00.000Z',
});

/** A sequence of return sizes that empties a line of `quantity` units. */
const exhaustingReturns = (quantity: number) =>
  fc.array(fc.integer({ min: 1, max: quantity }), { minLength: 1, maxLength: quantity }).map((sizes) => {
    const parts: number[] = [];
    let left = quantity;
    for (const size of sizes) {
      if (left === 0) break;
      const part = Math.min(size, left);
      parts.push(part);
      left -= part;
    }
    if (left > 0) parts.push(left);
    return parts;
  });

describe('unitShares', () => {
  it('splits a total that is not a multiple of the quantity, the first units one centavo more', () => {
    expect([0, 1, 2].map((unit) => unitShares(2001, 3, unit, 1))).toEqual([667, 667, 667]);
    expect([0, 1, 2].map((unit) => unitShares(2002, 3, unit, 1))).toEqual([668, 667, 667]);
    expect([0, 1, 2].map((unit) => unitShares(2003, 3, unit, 1))).toEqual([668, 668, 667]);
    expect(unitShares(2003, 3, 1, 2)).toBe(1335);
    expect(unitShares(2010, 3, 0, 0)).toBe(0);
  });

  it('refuses units the line does not have', () => {
    expect(() => unitShares(100, 3, 2, 2)).toThrow(RangeError);
    expect(() => unitShares(100, 3, -1, 1)).toThrow(RangeError);
  });

  it('adds up to the line total exactly over any sequence of returns that empties the line', () => {
    const line = fc
      .record({
        quantity: fc.integer({ min: 1, max: 60 }),
        perUnit: fc.integer({ min: 1, max: 1_000_000 }),
        extra: fc.nat(),
      })
      .map(({ quantity, perUnit, extra }) => ({ quantity, total: perUnit * quantity + (extra % quantity) }));
    fc.assert(
      fc.property(
        line.chain((l) => fc.tuple(fc.constant(l), exhaustingReturns(l.quantity))),
        ([{ quantity, total }, parts]) => {
          let from = 0;
          const refunds = parts.map((count) => {
            const refund = unitShares(total, quantity, from, count);
            from += count;
            return refund;
          });
          expect(refunds.reduce((a, b) => a + b, 0)).toBe(total);
          // No two units differ by more than a centavo.
          const units = Array.from({ length: quantity }, (_, u) => unitShares(total, quantity, u, 1));
          expect(Math.max(...units) - Math.min(...units)).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('refunds the whole order through planReturn, whatever the sequence of returns', () => {
    fc.assert(
      fc.property(exhaustingReturns(3), exhaustingReturns(2), (p1, p2) => {
        let current = order;
        let refunded = 0;
        const steps = Math.max(p1.length, p2.length);
        for (let i = 0; i < steps; i++) {
          const lines = [
            ...(p1[i] ? [{ productId: 'p1', quantity: p1[i]! }] : []),
            ...(p2[i] ? [{ productId: 'p2', quantity: p2[i]! }] : []),
          ];
          const plan = planReturn(current, request(lines, `r${i}`));
          refunded += plan.record.refund.amount;
          current = plan.order;
          expect(current.status).toBe(i === steps - 1 ? 'RETURNED' : 'PARTIALLY_RETURNED');
        }
        expect(refunded).toBe(order.total.amount);
        expect(current.returnedAmount).toBe(order.total.amount);
        expect(current.revision).toBe(steps);
      }),
    );
  });
});

describe('planReturn', () => {
  it('refunds the next units of each line and counts them returned', () => {
    const plan = planReturn(order, request([{ productId: 'p1', quantity: 2 }]));

    expect(plan.record).toMatchObject({
      lines: [{ productId: 'p1', quantity: 2, refund: { amount: 1340, currency: 'BRL' } }],
      refund: { amount: 1340, currency: 'BRL' },
      refundStatus: 'PENDING',
      actor: 'client:admin',
    });
    expect(plan.order).toMatchObject({ status: 'PARTIALLY_RETURNED', revision: 1, returnedAmount: 1340 });
    expect(plan.order.lines.map((l) => l.returnedQuantity ?? 0)).toEqual([2, 0]);
    expect(plan.seenRevision).toBe(0);
    expect(order.lines[0]?.returnedQuantity).toBeUndefined();
  });

  it('refuses more than is left to return, and a product not on the order, naming each line', () => {
    const after = planReturn(order, request([{ productId: 'p1', quantity: 2 }])).order;

    expect(() =>
      planReturn(
        after,
        request([
          { productId: 'p2', quantity: 1 },
          { productId: 'p1', quantity: 2 },
          { productId: 'p9', quantity: 1 },
        ]),
      ),
    ).toThrow(
      expect.objectContaining({
        code: 'conflict',
        errors: [
          expect.objectContaining({ path: 'body.lines.1.quantity', productId: 'p1', returnable: 1 }),
          expect.objectContaining({ path: 'body.lines.2.productId', productId: 'p9' }),
        ],
      }),
    );
  });

  it('refuses a cancelled order', () => {
    expect(() =>
      planReturn({ ...order, status: 'CANCELLED' }, request([{ productId: 'p1', quantity: 1 }])),
    ).toThrow(expect.objectContaining({ code: 'conflict' }));
  });

  it('knows a retry by its lines in any order, restock and reason; not by who sends it or when', () => {
    const plan = planReturn(
      order,
      request([
        { productId: 'p1', quantity: 1 },
        { productId: 'p2', quantity: 1 },
      ]),
    );
    const record = { ...plan.record, creditNoteNumber: 1 };
    const swapped = [
      { productId: 'p2', quantity: 1 },
      { productId: 'p1', quantity: 1 },
    ];

    expect(sameReturn(record, 'o1', { lines: swapped, restock: true })).toBe(true);
    expect(sameReturn(record, 'o1', { lines: swapped, restock: false })).toBe(false);
    expect(sameReturn(record, 'o1', { lines: swapped, restock: true, reason: 'broken' })).toBe(false);
    expect(sameReturn(record, 'o2', { lines: swapped, restock: true })).toBe(false);
    expect(sameReturn(record, 'o1', { lines: [{ productId: 'p1', quantity: 1 }], restock: true })).toBe(
      false,
    );
    expect(returnView(record)).toMatchObject({ reason: null, creditNoteNumber: 1 });
    expect(returnView(record)).not.toHaveProperty('paymentId');
  });
});

describe('planCancel', () => {
  it('cancels what was not returned: the total less the refunds; nothing left → 409', () => {
    const partly = planReturn(order, request([{ productId: 'p1', quantity: 1 }])).order;
    const all = planReturn(
      partly,
      request([
        { productId: 'p1', quantity: 2 },
        { productId: 'p2', quantity: 2 },
      ]),
    ).order;

    expect(planCancel(partly, 'user:gerente', 'now')).toMatchObject({
      refund: { status: 'PENDING', amount: { amount: 3010 - 670, currency: 'BRL' } },
      actor: 'user:gerente',
      seenRevision: 1,
    });
    expect(() => planCancel(all, 'user:gerente', 'now')).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
  });
});
