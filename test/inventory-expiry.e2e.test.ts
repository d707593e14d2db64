import { call } from './support/api.ts';
import { startTestRuntime, type TestRuntime } from './support/runtime.ts';
import { describeLocal } from './support/target.ts';
import { eventually, unique } from './support/wait.ts';

/**
 * Reservations expire on their own (API.md, Inventory): a private runtime with a 2 s TTL, whose
 * expiry schedule fires every second and asks Sales before giving stock back.
 */
let runtime: TestRuntime;
const admin = (method: string, path: string, body?: unknown) =>
  call(method, path, { as: 'admin', body, baseUrl: runtime.baseUrl });

const statusOf = async (reservationId: string) =>
  (await admin('GET', `/inventory/reservations/${reservationId}`)).body.status as string;
const quantityOf = async (productId: string) =>
  (await admin('GET', `/inventory/products/${productId}`)).body.quantity as number;

async function reserve(productId: string, quantity: number): Promise<string> {
  const reservationId = unique('r');
  const created = await admin('POST', '/inventory/reservations', {
    reservationId,
    lines: [{ productId, quantity }],
  });
  expect(created.status).toBe(201);
  return reservationId;
}

beforeAll(async () => {
  runtime = await startTestRuntime({ env: { RESERVATION_TTL_SECONDS: '2', DEMO_DATA: 'false' } });
});
afterAll(async () => {
  await runtime?.stop();
  runtime?.remove();
});

describeLocal('reservation expiry', () => {
  it('expires an ACTIVE reservation Sales has no order for: EXPIRED, stock back once', async () => {
    const productId = unique('p');
    await admin('POST', '/inventory/products', { productId, sku: 'S', name: 'N', quantity: 5 });
    const reservationId = await reserve(productId, 3);
    const committedId = await reserve(productId, 1);
    await admin('POST', `/inventory/reservations/${committedId}/commit`);

    const status = await eventually(
      () => statusOf(reservationId),
      (s) => s === 'EXPIRED',
    );
    // Two more schedule ticks: an expired reservation is never released again, a committed one never expires.
    await new Promise((resolve) => setTimeout(resolve, 2_500));

    expect(status).toBe('EXPIRED');
    expect(await statusOf(committedId)).toBe('COMMITTED');
    expect(await quantityOf(productId)).toBe(4);
    const reasons = (await admin('GET', `/inventory/products/${productId}/movements`)).body.items.map(
      (m: { reason: string }) => m.reason,
    );
    expect(reasons.filter((r: string) => r === 'reservation-expired')).toHaveLength(1);
  });

  it('keeps the stock while Sales is unavailable, and expires it once Sales answers again', async () => {
    const productId = unique('p');
    await admin('POST', '/inventory/products', { productId, sku: 'S', name: 'N', quantity: 5 });
    const faults = await fetch(`${runtime.baseUrl}/__local/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ target: 'sales', mode: 'unavailable' }),
    });
    expect(faults.status).toBeLessThan(300);
    try {
      const reservationId = await reserve(productId, 2);

      // Past expiresAt (2 s) plus several ticks of the 1 s schedule, each of which found Sales down.
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      expect(await statusOf(reservationId)).toBe('ACTIVE');
      expect(await quantityOf(productId)).toBe(3);

      await fetch(`${runtime.baseUrl}/__local/faults`, { method: 'DELETE' });
      expect(
        await eventually(
          () => statusOf(reservationId),
          (s) => s === 'EXPIRED',
        ),
      ).toBe('EXPIRED');
      expect(await quantityOf(productId)).toBe(5);
    } finally {
      await fetch(`${runtime.baseUrl}/__local/faults`, { method: 'DELETE' });
    }
  });
});
