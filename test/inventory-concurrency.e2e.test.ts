import { randomBytes } from 'node:crypto';
import { call } from './support/api.ts';
import { inventoryClient } from './support/inventory-client.ts';

/** No oversell, ever: 100 concurrent requests each at a few units of stock (API.md, Inventory). */
const uid = (name: string) => `${name}-${randomBytes(6).toString('hex')}`;
const admin = (method: string, path: string, body?: unknown) => call(method, path, { as: 'admin', body });
const REQUESTS = 100;
const STOCK = 5;

const inventory = inventoryClient();
const createProduct = (quantity: number) =>
  inventory.createProduct(quantity, { productId: uid('hot'), sku: 'HOT', name: 'Hot item' });

/** Initial stock = remaining + taken, and the ledger, oldest to newest, is an exact running total. */
async function expectConsistent(productId: string, taken: number): Promise<number> {
  const { stock: remaining } = await inventory.expectLedgerBalances(productId);
  expect(remaining).toBeGreaterThanOrEqual(0);
  expect(STOCK).toBe(remaining + taken);
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
