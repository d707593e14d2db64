import type { AppError } from '#lib/errors.ts';
import {
  CountingMetrics,
  FakeClock,
  FakeInventory,
  FakeOrders,
  FakePayments,
  FakePriceCache,
  FakePricing,
  RecordingLogger,
} from './fakes.ts';
import { makePlaceOrder } from './place-order.ts';
import { makePriceSource } from './price-lines.ts';

function setup() {
  const clock = new FakeClock();
  const inventory = new FakeInventory();
  const pricing = new FakePricing();
  const cache = new FakePriceCache();
  const payments = new FakePayments();
  const orders = new FakeOrders();
  const metrics = new CountingMetrics();
  const logger = new RecordingLogger();
  const prices = makePriceSource({
    cache,
    pricing,
    clock,
    metrics,
    policy: { freshMs: 1000, maxAgeMs: 3_600_000 },
  });
  let n = 0;
  const placeOrder = makePlaceOrder({
    prices,
    inventory,
    payments,
    orders,
    clock,
    metrics,
    currency: 'BRL',
    newOrderId: () => `ord_${++n}`,
    logger,
  });
  inventory.stock.set('p1', 10);
  inventory.stock.set('p2', 5);
  pricing.set('p1', 1899);
  pricing.set('p2', 500);
  return { clock, inventory, pricing, cache, payments, orders, metrics, logger, placeOrder };
}

const card = { method: 'card' as const, token: 'tok_visa' };

const rejection = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a rejection');
};

describe('placeOrder', () => {
  it("records the contact and each product's name as Inventory gave it; the answer names them, without the contact", async () => {
    const { placeOrder, inventory, orders } = setup();
    inventory.names.set('p1', 'Café Pilão 500g');

    const answer = await placeOrder(
      {
        customerId: 'c1',
        lines: [
          { productId: 'p1', quantity: 1 },
          { productId: 'p2', quantity: 1 },
        ],
        payment: card,
        contact: { email: 'maria@example.com', name: 'Maria' },
      },
      'corr',
    );
    inventory.names.set('p1', 'Café Pilão 500g (novo)');

    const recorded = orders.orders.get(answer.orderId)!;
    expect(recorded.contact).toEqual({ email: 'maria@example.com', name: 'Maria' });
    expect(recorded.lines.map((line) => line.name)).toEqual(['Café Pilão 500g', undefined]);
    expect(answer.lines.map((line) => line.name)).toEqual(['Café Pilão 500g', 'p2']);
    expect(JSON.stringify(answer)).not.toContain('maria@example.com');
    expect(JSON.stringify(orders.events)).not.toContain('maria@example.com');
  });

  it('prices, reserves, charges, records and commits, merging a product listed twice', async () => {
    const { placeOrder, inventory, orders, metrics } = setup();

    const order = await placeOrder(
      {
        customerId: 'c1',
        lines: [
          { productId: 'p1', quantity: 2, expectedUnitAmount: 1899 },
          { productId: 'p2', quantity: 1, expectedUnitAmount: 450 },
          { productId: 'p1', quantity: 1 },
        ],
        payment: card,
      },
      'corr',
      undefined,
      'user:caixa',
    );

    expect(order).toMatchObject({
      orderId: 'ord_1',
      status: 'CONFIRMED',
      customerId: 'c1',
      placedBy: 'user:caixa',
      returns: [],
      lines: [
        { productId: 'p1', quantity: 3, unitAmount: 1899, lineTotal: 5697, priceChanged: false },
        { productId: 'p2', quantity: 1, unitAmount: 500, lineTotal: 500, priceChanged: true },
      ],
      total: { amount: 6197, currency: 'BRL' },
      invoiceNumber: 1,
    });
    expect(inventory.stock.get('p1')).toBe(7);
    // No commit call: OrderConfirmed, recorded with the order, makes Inventory commit.
    expect(inventory.calls).toEqual(['reserve ord_1']);
    expect(orders.events).toEqual([{ type: 'OrderConfirmed', orderId: 'ord_1' }]);
    expect(orders.published[0]?.data.actor).toBe('user:caixa');
    expect(metrics.of('OrdersConfirmed')).toBe(1);
  });

  it('answers insufficient_stock naming the short product, charging nothing and keeping nothing', async () => {
    const { placeOrder, inventory, payments, orders, metrics } = setup();

    const error = await rejection(
      placeOrder({ customerId: 'c1', lines: [{ productId: 'p2', quantity: 6 }], payment: card }, 'corr'),
    );

    expect(error.code).toBe('insufficient_stock');
    expect(error.errors?.[0]?.path).toBe('p2');
    expect(inventory.stock.get('p2')).toBe(5);
    expect(payments.charges).toEqual([]);
    expect(orders.orders.size).toBe(0);
    expect(metrics.of('OrdersRejectedStock')).toBe(1);
  });

  it('releases the reservation when the payment is declined and records no order', async () => {
    const { placeOrder, inventory, orders, metrics } = setup();

    const error = await rejection(
      placeOrder(
        {
          customerId: 'c1',
          lines: [{ productId: 'p1', quantity: 4 }],
          payment: { method: 'card', token: 'tok_declined' },
        },
        'corr',
      ),
    );

    expect(error.code).toBe('payment_declined');
    expect(error.status).toBe(402);
    expect(inventory.stock.get('p1')).toBe(10);
    expect(inventory.reservations.get('ord_1')?.status).toBe('RELEASED');
    expect(orders.orders.size).toBe(0);
    expect(orders.events).toEqual([]);
    expect(metrics.of('PaymentsDeclined')).toBe(1);
  });

  it('records no order once its reservation has expired: stock released, charge refunded, 503', async () => {
    const { placeOrder, inventory, payments, orders, clock } = setup();
    inventory.expiresAt = clock.now().toISOString();

    const error = await rejection(
      placeOrder({ customerId: 'c1', lines: [{ productId: 'p1', quantity: 2 }], payment: card }, 'corr'),
    );

    expect(error.code).toBe('dependency_unavailable');
    expect(orders.orders.size).toBe(0);
    expect(orders.events).toEqual([]);
    expect(inventory.reservations.get('ord_1')?.status).toBe('RELEASED');
    expect(inventory.stock.get('p1')).toBe(10);
    expect(payments.refunds).toHaveLength(1);
  });

  it('answers dependency_unavailable when Inventory is down, with nothing charged or recorded', async () => {
    const { placeOrder, inventory, payments, orders } = setup();
    inventory.down = true;

    const error = await rejection(
      placeOrder({ customerId: 'c1', lines: [{ productId: 'p1', quantity: 1 }], payment: card }, 'corr'),
    );

    expect(error.code).toBe('dependency_unavailable');
    expect(payments.charges).toEqual([]);
    expect(orders.orders.size).toBe(0);
  });

  it('gives stock and money back when recording the order fails, and consumes no invoice number', async () => {
    const { placeOrder, inventory, payments, orders } = setup();
    orders.failNextRecord = true;

    await rejection(
      placeOrder({ customerId: 'c1', lines: [{ productId: 'p1', quantity: 2 }], payment: card }, 'corr'),
    );
    const next = await placeOrder(
      { customerId: 'c1', lines: [{ productId: 'p1', quantity: 1 }], payment: card },
      'c',
    );

    expect(inventory.reservations.get('ord_1')?.status).toBe('RELEASED');
    expect(payments.refunds).toEqual(['pay_ord_1']);
    expect(inventory.stock.get('p1')).toBe(9);
    expect(next.invoiceNumber).toBe(1);
  });

  it('answers price_unavailable and reserves nothing when Pricing is down and nothing is cached', async () => {
    const { placeOrder, pricing, inventory } = setup();
    pricing.down = true;

    const error = await rejection(
      placeOrder({ customerId: 'c1', lines: [{ productId: 'p1', quantity: 1 }], payment: card }, 'corr'),
    );

    expect(error.code).toBe('price_unavailable');
    expect(error.headers?.['retry-after']).toBeDefined();
    expect(inventory.calls).toEqual([]);
  });

  it('rejects a merged quantity above 1 000 000 before any call', async () => {
    const { placeOrder, inventory } = setup();

    const error = await rejection(
      placeOrder(
        {
          customerId: 'c1',
          lines: [
            { productId: 'p1', quantity: 600_000 },
            { productId: 'p1', quantity: 600_000 },
          ],
          payment: card,
        },
        'corr',
      ),
    );

    expect(error.code).toBe('validation_failed');
    expect(inventory.calls).toEqual([]);
  });

  it('answers the order an earlier, crashed attempt recorded under the same key, undoing its own work', async () => {
    const { placeOrder, inventory, payments, orders } = setup();
    const input = { customerId: 'c1', lines: [{ productId: 'p1', quantity: 2 }], payment: card };
    const first = await placeOrder(input, 'corr', 'key-1');

    const retry = await placeOrder(input, 'corr', 'key-1');

    expect(retry).toEqual(first);
    expect(orders.orders.size).toBe(1);
    expect(orders.events).toHaveLength(1);
    expect(inventory.reservations.get('ord_2')?.status).toBe('RELEASED');
    expect(payments.refunds).toEqual(['pay_ord_2']);
    expect(inventory.stock.get('p1')).toBe(8);
  });
});
