import { type Json, pricesStaleSince, privateSalesClient, salesClient } from './support/sales-client.ts';
import { describeLocal } from './support/target.ts';
import { clockPast, eventually, unique } from './support/wait.ts';

// The Sales flow of API.md over HTTP. Tests that take a service down run on a private runtime, since
// a fault applies to every caller of the runtime it is set on.

describeLocal('the seed flow, with Pricing and Inventory taken down (private runtime)', () => {
  const api = privateSalesClient();

  it('sells, lowers stock, charges a new price a second after it was set, and sells at the cached price while Pricing is down', async () => {
    // Arrange
    const productId = await api().product(10, 1899);
    const customerId = unique('cus');

    // Act: a sale at the list price; a new price, and a sale a second after it was set; past the 1 s
    // freshness window Sales must ask Pricing, so a sale with Pricing down really takes the fallback.
    const first = await api().order(customerId, [{ productId, quantity: 2, expectedUnitAmount: 1899 }]);
    const stockAfterFirst = await api().stockOf(productId);
    const repriced = await api().setPrice(productId, 2100);
    await clockPast(Date.parse(repriced.updatedAt) + 1000);
    const second = await api().order(customerId, [{ productId, quantity: 1, expectedUnitAmount: 1899 }]);
    await pricesStaleSince(Date.now());
    const third = await api().withFault('pricing', () =>
      api().order(customerId, [{ productId, quantity: 1 }]),
    );
    const stockAfterThird = await api().stockOf(productId);
    const found = await api().call('GET', `/sales/orders/${first.body.orderId}`);
    const listed = await api().call('GET', `/sales/orders?customerId=${customerId}&limit=2`);
    const rest = await api().call(
      'GET',
      `/sales/orders?customerId=${customerId}&limit=2&cursor=${listed.body.nextCursor}`,
    );

    // Assert
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      status: 'CONFIRMED',
      customerId,
      lines: [{ productId, quantity: 2, unitAmount: 1899, lineTotal: 3798, priceChanged: false }],
      total: { amount: 3798, currency: 'BRL' },
    });
    expect(first.body.invoiceNumber).toBeGreaterThan(0);
    expect(stockAfterFirst).toBe(8);
    expect(second.status).toBe(201);
    expect(second.body.lines[0]).toMatchObject({ unitAmount: 2100, priceChanged: true });
    // One order after another keeps to one invoice series, numbered up.
    expect(second.body.invoiceSeries).toBe(first.body.invoiceSeries);
    expect(second.body.invoiceNumber).toBeGreaterThan(first.body.invoiceNumber);
    expect(third.status).toBe(201);
    expect(third.body.lines[0].unitAmount).toBe(2100);
    expect(stockAfterThird).toBe(6);
    expect(found.body).toEqual(first.body);
    expect(listed.body.items.map((o: Json) => o.orderId)).toEqual([third.body.orderId, second.body.orderId]);
    expect(listed.body.nextCursor).not.toBeNull();
    expect(rest.body.items.map((o: Json) => o.orderId)).toEqual([first.body.orderId]);
  }, 30_000);

  it('sells at a price known only from PriceChanged (Sales never asked Pricing) while Pricing is down', async () => {
    const productId = await api().product(10, 1234);
    await eventually(
      async () => (await api().events('PriceChanged')).filter((e) => e.data?.productId === productId),
      (events) => events.length > 0,
    );

    // A failed attempt keeps nothing, so polling until the consumer has stored the price is safe.
    const placed = await eventually(
      () => api().withFault('pricing', () => api().order(unique('cus'), [{ productId, quantity: 1 }])),
      (answer) => answer.status === 201,
    );

    expect(placed.status).toBe(201);
    expect(placed.body.lines[0].unitAmount).toBe(1234);
    expect(await api().stockOf(productId)).toBe(9);
  }, 20_000);

  it('sells at the cached price when Pricing is slow (the call is time-boxed)', async () => {
    const productId = await api().product(10, 800);
    expect((await api().order(unique('cus'), [{ productId, quantity: 1 }])).status).toBe(201);
    await pricesStaleSince(Date.now());

    const started = Date.now();
    const placed = await api().withFault(
      'pricing',
      () => api().order(unique('cus'), [{ productId, quantity: 1 }]),
      'slow',
    );
    const elapsed = Date.now() - started;

    expect(placed.status).toBe(201);
    expect(placed.body.lines[0].unitAmount).toBe(800);
    // Pricing answers after 3 s here; an order that waited for it would take longer.
    expect(elapsed).toBeLessThan(3000);
  }, 20_000);

  it('answers 503 price_unavailable and reserves nothing when Pricing is down and no price is cached', async () => {
    const productId = await api().product(5);

    const placed = await api().withFault('pricing', () =>
      api().order(unique('cus'), [{ productId, quantity: 1 }]),
    );

    expect(placed.status).toBe(503);
    expect(placed.body.code).toBe('price_unavailable');
    expect(placed.headers['retry-after']).toBeDefined();
    expect(await api().stockOf(productId)).toBe(5);
  });

  it('answers 503 dependency_unavailable with no order, no event and no stock held when Inventory is down', async () => {
    const productId = await api().product(5, 700);
    const customerId = unique('cus');

    const placed = await api().withFault('inventory', () =>
      api().order(customerId, [{ productId, quantity: 2 }]),
    );

    expect(placed.status).toBe(503);
    expect(placed.body.code).toBe('dependency_unavailable');
    expect(await api().stockOf(productId)).toBe(5);
    expect((await api().call('GET', `/sales/orders?customerId=${customerId}`)).body.items).toEqual([]);
    expect((await api().events('OrderConfirmed')).filter((e) => e.data?.customerId === customerId)).toEqual(
      [],
    );
  });

  it('cancels once, returns the stock through OrderCancelled, and answers a second cancel the same', async () => {
    const productId = await api().product(10, 1250);
    const placed = await api().order(unique('cus'), [{ productId, quantity: 3 }]);
    expect(await api().stockOf(productId)).toBe(7);

    const first = await api().call('POST', `/sales/orders/${placed.body.orderId}/cancel`);
    const second = await api().call('POST', `/sales/orders/${placed.body.orderId}/cancel`);

    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      status: 'CANCELLED',
      refund: { amount: { amount: 3750, currency: 'BRL' } },
    });
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(
      await eventually(
        () => api().stockOf(productId),
        (q) => q === 10,
      ),
    ).toBe(10);
    const cancelled = await api().settledEvents(
      'OrderCancelled',
      (e) => e.data?.orderId === placed.body.orderId,
    );
    expect(cancelled).toHaveLength(1);
    expect((await api().call('POST', '/sales/orders/no-such-order/cancel')).status).toBe(404);
  }, 20_000);
});

describe('orders on the shared runtime', () => {
  const api = salesClient();

  it('merges a product listed twice into one line', async () => {
    const productId = await api.product(10, 500);

    const placed = await api.order(unique('cus'), [
      { productId, quantity: 1 },
      { productId, quantity: 2 },
    ]);

    expect(placed.status).toBe(201);
    expect(placed.body.lines).toEqual([
      { productId, name: 'Café 500 g', quantity: 3, unitAmount: 500, lineTotal: 1500, priceChanged: false },
    ]);
  });

  it('answers 409 insufficient_stock naming the short product, stock untouched', async () => {
    const plenty = await api.product(10, 100);
    const short = await api.product(1, 100);

    const placed = await api.order(unique('cus'), [
      { productId: plenty, quantity: 2 },
      { productId: short, quantity: 2 },
    ]);

    expect(placed.status).toBe(409);
    expect(placed.body.code).toBe('insufficient_stock');
    expect(JSON.stringify(placed.body.errors)).toContain(short);
    expect(placed.body.errors.map((e: Json) => e.productId)).toEqual([short]);
    expect(await api.stockOf(plenty)).toBe(10);
    expect(await api.stockOf(short)).toBe(1);
  });

  it('answers 402 payment_declined and gives the stock back', async () => {
    const productId = await api.product(4, 999);
    const customerId = unique('cus');

    const placed = await api.order(customerId, [{ productId, quantity: 3 }], { token: 'tok_declined' });

    expect(placed.status).toBe(402);
    expect(placed.body.code).toBe('payment_declined');
    expect(await api.stockOf(productId)).toBe(4);
    expect((await api.call('GET', `/sales/orders?customerId=${customerId}`)).body.items).toEqual([]);
  });

  it('answers 409 conflict naming a product Pricing has no price for, reserving nothing', async () => {
    const productId = await api.product(4);

    const placed = await api.order(unique('cus'), [{ productId, quantity: 1 }]);

    expect(placed.status).toBe(409);
    expect(placed.body.code).toBe('conflict');
    expect(placed.body.errors[0].productId).toBe(productId);
    expect(await api.stockOf(productId)).toBe(4);
  });

  it('rejects bad input with 400 and changes nothing', async () => {
    const productId = await api.product(4, 100);
    const payment = { method: 'card', token: 't' };
    const bad = [
      { customerId: 'bad id', lines: [{ productId, quantity: 1 }], payment },
      { customerId: 'c', lines: [], payment },
      { customerId: 'c', lines: [{ productId, quantity: 0 }], payment },
      { customerId: 'c', lines: [{ productId, quantity: 1.5 }], payment },
      { customerId: 'c', lines: [{ productId, quantity: 1_000_001 }], payment },
      { customerId: 'c', lines: Array.from({ length: 51 }, () => ({ productId, quantity: 1 })), payment },
      { customerId: 'c', lines: [{ productId, quantity: 1 }], payment: { method: 'cash', token: 't' } },
    ];

    const answers = await Promise.all(bad.map((body) => api.call('POST', '/sales/orders', body)));

    expect(answers.map((a) => [a.status, a.body.code])).toEqual(bad.map(() => [400, 'validation_failed']));
    expect(answers[2]?.body.errors[0].path).toBe('body.lines.0.quantity');
    expect(await api.stockOf(productId)).toBe(4);
    expect((await api.call('GET', '/sales/orders')).status).toBe(400);
    expect((await api.call('GET', '/sales/orders/bad%20id')).status).toBe(400);
    expect((await api.call('GET', '/sales/orders?customerId=c&cursor=not-a-cursor')).status).toBe(400);
    expect((await api.call('GET', '/sales/orders?customerId=c&limit=101')).status).toBe(400);
    expect((await api.call('GET', '/sales/orders/no-such-order')).status).toBe(404);
  });

  it('serves the invoice as JSON and as an escaped, BRL-formatted HTML receipt', async () => {
    const productId = await api.product(10, 1899);
    const customerId = unique('cus');
    const placed = await api.order(customerId, [{ productId, quantity: 2 }]);

    const json = await api.call('GET', `/sales/orders/${placed.body.orderId}/invoice`);
    const html = await api.call('GET', `/sales/orders/${placed.body.orderId}/invoice`, undefined, {
      accept: 'text/html',
    });

    expect(json.body).toMatchObject({
      invoiceNumber: placed.body.invoiceNumber,
      orderId: placed.body.orderId,
      issuedAt: placed.body.createdAt,
      seller: { name: expect.any(String) },
      customer: { customerId },
      lines: [{ productId, quantity: 2, unitAmount: 1899, lineTotal: 3798 }],
      total: { amount: 3798, currency: 'BRL' },
      status: 'CONFIRMED',
    });
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.body).toContain('R$\u00a018,99');
    expect(html.body).toContain('R$\u00a037,98');
    expect(html.body).toContain(customerId);
    expect((await api.call('GET', '/sales/orders/none-such/invoice')).status).toBe(404);
  });

  it('reports units and revenue over confirmed, not cancelled, orders in [from, to)', async () => {
    const productId = await api.product(20, 300);
    const from = new Date(Date.now() - 1000).toISOString();
    const a = await api.order(unique('cus'), [{ productId, quantity: 2 }]);
    const b = await api.order(unique('cus'), [{ productId, quantity: 3 }]);
    const c = await api.order(unique('cus'), [{ productId, quantity: 4 }]);
    await api.call('POST', `/sales/orders/${c.body.orderId}/cancel`);
    const to = new Date(Date.now() + 1000).toISOString();

    const report = await api.call('GET', `/sales/reports/sales?from=${from}&to=${to}`);

    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ from, to, revenue: { currency: 'BRL' } });
    expect(report.body.orders).toBeGreaterThanOrEqual(2);
    expect(report.body.byProduct.find((p: Json) => p.productId === productId)).toEqual({
      productId,
      name: 'Café 500 g',
      units: 5,
      revenue: { amount: 1500, currency: 'BRL' },
    });
    expect((await api.call('GET', `/sales/reports/sales?from=${to}&to=${from}`)).status).toBe(400);
    const tooLong = await api.call(
      'GET',
      '/sales/reports/sales?from=2020-01-01T00:00:00Z&to=2022-01-01T00:00:00Z',
    );
    expect(tooLong.status).toBe(400);
  });
});
