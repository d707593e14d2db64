import { anOrder } from '#test/support/orders.ts';
import type { Order } from '../domain/order.ts';
import type { SalesChange } from '../domain/rollup.ts';
import type { RollupWriter } from '../ports.ts';
import { FakeRollups, RecordingLogger } from './fakes.ts';
import { makeRollUpSales } from './roll-up.ts';

const order = (orderId: string, status: Order['status'] = 'CONFIRMED'): Order => ({
  ...anOrder({ orderId, status, customerId: 'c', paymentId: 'pay' }),
  ...(status === 'CANCELLED'
    ? {
        cancelledAt: '2025-03-01T11:00:00.000Z',
        refund: {
          status: 'PENDING' as const,
          amount: { amount: 200, currency: 'BRL' },
          at: '2025-03-01T11:00:00.000Z',
        },
      }
    : {}),
});

describe('rolling up a batch of the stream', () => {
  it('counts each order, cancellation and return once, and passes over the other changes', async () => {
    const rollups = new FakeRollups();
    const rollUp = makeRollUpSales({ rollups, logger: new RecordingLogger() });
    const changes: SalesChange[] = [
      { kind: 'order-inserted', order: order('a') },
      { kind: 'order-inserted', order: order('b') },
      { kind: 'other' },
      { kind: 'order-modified', order: order('b', 'CANCELLED') },
      { kind: 'order-modified', order: { ...order('a'), status: 'PARTIALLY_RETURNED' } },
    ];

    expect(await rollUp(changes)).toBeUndefined();
    expect(await rollUp(changes)).toBeUndefined();
    expect([...rollups.applied].sort()).toEqual(['cancel:b', 'sale:a', 'sale:b']);
    const day = rollups.generations.get('g0')?.get('DAY#2025-03-01T00:00:00.000Z');
    expect(day?.sum).toMatchObject({
      orders: 1,
      products: new Map([['p1', expect.objectContaining({ units: 2 })]]),
    });
  });

  it('answers the change to deliver again from when a transaction fails, and logs why', async () => {
    const failing: RollupWriter = { apply: async () => ({ failedFrom: 1, cause: new Error('throttled') }) };
    const logger = new RecordingLogger();
    const rollUp = makeRollUpSales({ rollups: failing, logger });

    const from = await rollUp([
      { kind: 'other' },
      { kind: 'order-inserted', order: order('a') },
      { kind: 'other' },
      { kind: 'order-inserted', order: order('b') },
    ]);

    expect(from).toBe(3);
    expect(logger.lines).toMatchObject([{ level: 'error', attributes: { part: 'sale:b' } }]);
  });
});
