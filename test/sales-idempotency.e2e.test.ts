import { randomUUID } from 'node:crypto';
import { privateSalesClient, salesClient } from './support/sales-client.ts';
import { describeLocal, itLocal } from './support/target.ts';
import { unique } from './support/wait.ts';

// Idempotency-Key on POST /sales/orders, invoice numbers under concurrency, and OrderConfirmed counts.

const body = (customerId: string, productId: string, quantity = 1) => ({
  customerId,
  lines: [{ productId, quantity }],
  payment: { method: 'card', token: 'tok_visa' },
});

describe('Idempotency-Key (shared runtime)', () => {
  const api = salesClient();
  const placeWithKey = (key: string, payload: unknown) =>
    api.call('POST', '/sales/orders', payload, { 'idempotency-key': key });

  it('places one order and decrements stock once for ten racing requests with one key', async () => {
    const productId = await api.product(50, 1000);
    const customerId = unique('cus');
    const key = randomUUID();
    const payload = body(customerId, productId, 3);

    const answers = await Promise.all(Array.from({ length: 10 }, () => placeWithKey(key, payload)));
    const replay = await placeWithKey(key, payload);

    const created = answers.filter((a) => a.status === 201);
    const busy = answers.filter((a) => a.status === 409);
    expect(created.length + busy.length).toBe(10);
    expect(busy.every((a) => a.body.code === 'idempotency_request_in_progress')).toBe(true);
    expect(new Set(created.map((a) => a.body.orderId)).size).toBe(1);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(created[0]?.body);
    expect(await api.stockOf(productId)).toBe(47);
    expect((await api.call('GET', `/sales/orders?customerId=${customerId}`)).body.items).toHaveLength(1);
    const confirmed = await api.settledEvents('OrderConfirmed', (e) => e.data?.customerId === customerId);
    expect(confirmed).toHaveLength(1);
    console.info(`racing key: ${created.length} x 201 (one order), ${busy.length} x 409 in progress`);
  }, 20_000);

  it('answers 409 idempotency_key_reused for the same key with another body', async () => {
    const productId = await api.product(10, 1000);
    const key = randomUUID();
    const customerId = unique('cus');

    const first = await placeWithKey(key, body(customerId, productId, 1));
    const other = await placeWithKey(key, body(customerId, productId, 2));

    expect(first.status).toBe(201);
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('idempotency_key_reused');
    expect(await api.stockOf(productId)).toBe(9);
  });

  it('rejects a key that is not 1-255 visible ASCII characters with 400', async () => {
    const productId = await api.product(10, 1000);

    const answers = await Promise.all(
      ['has space', 'x'.repeat(256), 'acentuação'].map((key) => placeWithKey(key, body('c', productId))),
    );

    expect(answers.map((a) => [a.status, a.body.code])).toEqual(
      answers.map(() => [400, 'validation_failed']),
    );
    expect(await api.stockOf(productId)).toBe(10);
  });

  itLocal(
    'publishes exactly one OrderConfirmed per confirmed order and none for a declined one',
    async () => {
      const productId = await api.product(10, 400);
      const customerId = unique('cus');

      const ok = await api.order(customerId, [{ productId, quantity: 1 }]);
      const declined = await api.order(customerId, [{ productId, quantity: 1 }], { token: 'tok_declined' });

      expect([ok.status, declined.status]).toEqual([201, 402]);
      expect(await api.stockOf(productId)).toBe(9);
      const mine = await api.settledEvents('OrderConfirmed', (e) => e.data?.customerId === customerId);
      expect(mine).toHaveLength(1);
      expect(mine[0].data).toMatchObject({ orderId: ok.body.orderId, invoiceNumber: ok.body.invoiceNumber });
    },
    20_000,
  );
});

describeLocal('alone on a private runtime (faults and invoice numbers)', () => {
  const api = privateSalesClient();

  it('does not keep a failed answer: a retry with the same key after a 503 places the order', async () => {
    const productId = await api().product(10, 1000);
    const key = randomUUID();
    const payload = body(unique('cus'), productId, 1);
    const place = () => api().call('POST', '/sales/orders', payload, { 'idempotency-key': key });

    const failed = await api().withFault('inventory', place);
    const retried = await place();

    expect(failed.status).toBe(503);
    expect(retried.status).toBe(201);
    expect(await api().stockOf(productId)).toBe(9);
  });

  it('gives 20 concurrent orders contiguous, increasing invoice numbers within each series', async () => {
    const productId = await api().product(100, 250);

    const answers = await Promise.all(
      Array.from({ length: 20 }, () => api().order(unique('cus'), [{ productId, quantity: 1 }])),
    );
    const after = await api().order(unique('cus'), [{ productId, quantity: 1 }]);

    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
    const bySeries = new Map<number, number[]>();
    for (const { body } of answers) {
      bySeries.set(body.invoiceSeries, [...(bySeries.get(body.invoiceSeries) ?? []), body.invoiceNumber]);
    }
    // Orders at once take series side by side, each series gap-free: no number skipped or taken twice.
    expect(bySeries.size).toBeGreaterThan(1);
    for (const [series, taken] of bySeries) {
      const numbers = [...taken].sort((a, b) => a - b);
      const first = numbers[0]!;
      expect({ series, numbers }).toEqual({ series, numbers: numbers.map((_, i) => first + i) });
    }
    const ofAfter = bySeries.get(after.body.invoiceSeries) ?? [];
    expect(ofAfter.every((n) => n < after.body.invoiceNumber)).toBe(true);
    expect(await api().stockOf(productId)).toBe(79);
    console.info(
      `20 concurrent orders in ${bySeries.size} series: ${[...bySeries].map(([s, n]) => `${s}:${n.length}`).join(' ')}`,
    );
  }, 30_000);
});
