import { randomBytes } from 'node:crypto';
import { call, type Json } from './support/api.ts';

/** No oversell, ever: 100 concurrent requests each at a few units of stock (API.md, Inventory). */
const uid = (name: string) => `${name}-${randomBytes(6).toString('hex')}`;
const admin = (method: string, path: string, body?: unknown) => call(method, path, { as: 'admin', body });
const REQUESTS = 100;
const STOCK = 5;

async function createProduct(quantity: number): Promise<string> {
  const productId = uid('hot');
  const created = await admin('POST', '/inventory/products', {
    productId,
    sku: 'HOT',
    name: 'Hot item',
    quantity,
  });
  expect(created.status).toBe(201);
  return productId;
}

async function ledger(productId: string): Promise<Json[]> {
  const items: Json[] = [];
  let cursor: string | null = null;
  do {
    const page: Json = await admin(
      'GET',
      `/inventory/products/${productId}/movements?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
    );
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

/** Initial stock = remaining + taken, and the ledger, oldest to newest, is an exact running total. */
async function expectConsistent(productId: string, taken: number): Promise<number> {
  const remaining = (await admin('GET', `/inventory/products/${productId}`)).body.quantity;
  const movements = (await ledger(productId)).reverse();
  expect(remaining).toBeGreaterThanOrEqual(0);
  expect(STOCK).toBe(remaining + taken);
  expect(movements.reduce((sum: number, m: Json) => sum + m.delta, 0)).toBe(remaining);
  let running = 0;
  for (const m of movements) {
    running += m.delta;
    expect(m.quantityAfter).toBe(running);
  }
  return remaining;
}

describe(`${REQUESTS} concurrent requests at ${STOCK} units`, () => {
  it('decrements: exactly the stock is sold, the rest are 409 insufficient_stock', async () => {
    const productId = await createProduct(STOCK);

    const responses = await Promise.all(
      Array.from({ length: REQUESTS }, () =>
        admin('PUT', `/inventory/products/${productId}`, { delta: -1, reason: 'sale' }),
      ),
    );

    const ok = responses.filter((r) => r.status === 200).length;
    const refused = responses.filter((r) => r.status === 409 && r.body.code === 'insufficient_stock').length;
    const remaining = await expectConsistent(productId, ok);
    process.stdout.write(
      `inventory concurrency: ${REQUESTS} decrements, ${ok} ok, ${refused} refused, final stock ${remaining}\n`,
    );
    expect(ok).toBe(STOCK);
    expect(refused).toBe(REQUESTS - STOCK);
    expect(remaining).toBe(0);
  });

  it('reservations: exactly the stock is reserved, the rest are 409 insufficient_stock', async () => {
    const productId = await createProduct(STOCK);

    const responses = await Promise.all(
      Array.from({ length: REQUESTS }, () =>
        admin('POST', '/inventory/reservations', {
          reservationId: uid('r'),
          lines: [{ productId, quantity: 1 }],
        }),
      ),
    );

    const ok = responses.filter((r) => r.status === 201).length;
    const refused = responses.filter((r) => r.status === 409 && r.body.code === 'insufficient_stock').length;
    const remaining = await expectConsistent(productId, ok);
    process.stdout.write(
      `inventory concurrency: ${REQUESTS} reservations, ${ok} ok, ${refused} refused, final stock ${remaining}\n`,
    );
    expect(ok).toBe(STOCK);
    expect(refused).toBe(REQUESTS - STOCK);
    expect(remaining).toBe(0);
  });

  it('the same reservation sent 100 times at once decrements once', async () => {
    const productId = await createProduct(STOCK);
    const body = { reservationId: uid('same'), lines: [{ productId, quantity: 2 }] };

    const responses = await Promise.all(
      Array.from({ length: REQUESTS }, () => admin('POST', '/inventory/reservations', body)),
    );

    expect(responses.every((r) => r.status === 201)).toBe(true);
    expect(new Set(responses.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(await expectConsistent(productId, 2)).toBe(STOCK - 2);
  });

  it('a reservation released 100 times at once, racing a commit, returns its stock at most once', async () => {
    const productId = await createProduct(STOCK);
    const reservationId = uid('rel');
    await admin('POST', '/inventory/reservations', { reservationId, lines: [{ productId, quantity: 3 }] });

    await Promise.all([
      admin('POST', `/inventory/reservations/${reservationId}/commit`),
      ...Array.from({ length: REQUESTS }, () => admin('DELETE', `/inventory/reservations/${reservationId}`)),
    ]);

    const status = (await admin('GET', `/inventory/reservations/${reservationId}`)).body.status;
    await expectConsistent(productId, status === 'COMMITTED' ? 3 : 0);
  });
});
