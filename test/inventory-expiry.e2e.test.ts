import { call, type Json } from './support/api.ts';
import { scheduleTicks } from './support/event-sources.ts';
import { withFault } from './support/faults.ts';
import { startTestRuntime, type TestRuntime } from './support/runtime.ts';
import { describeLocal } from './support/target.ts';
import { clockPast, eventually, unique } from './support/wait.ts';

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

/** A reservation of `quantity` units; answers it as created (its id, its expiresAt). */
async function reserve(productId: string, quantity: number): Promise<Json> {
  const created = await admin('POST', '/inventory/reservations', {
    reservationId: unique('r'),
    lines: [{ productId, quantity }],
  });
  expect(created.status).toBe(201);
  return created.body;
}

/** Runs of the expiry schedule (every second locally) after now, counted by the runtime. */
const expiryTicks = (ticks: number) => scheduleTicks(runtime.baseUrl, 'inventory-expire-reservations', ticks);

beforeAll(async () => {
  runtime = await startTestRuntime({ env: { RESERVATION_TTL_SECONDS: '2', DEMO_DATA: 'false' } });
});
afterAll(async () => {
  await runtime?.stop();
  runtime?.remove();
});

describeLocal('reservation expiry', () => {
  it('expires an ACTIVE reservation Sales has no order for: EXPIRED, stock back once', async () => {
    // Arrange: a reservation left ACTIVE, another one committed.
    const productId = unique('p');
    await admin('POST', '/inventory/products', { productId, sku: 'S', name: 'N', quantity: 5 });
    const { reservationId } = await reserve(productId, 3);
    const { reservationId: committedId } = await reserve(productId, 1);
    await admin('POST', `/inventory/reservations/${committedId}/commit`);

    // Act: time passes.
    const status = await eventually(
      () => statusOf(reservationId),
      (s) => s === 'EXPIRED',
    );
    // Two more schedule ticks: an expired reservation is never released again, a committed one never expires.
    await expiryTicks(2);

    // Assert
    expect(status).toBe('EXPIRED');
    expect(await statusOf(committedId)).toBe('COMMITTED');
    expect(await quantityOf(productId)).toBe(4);
    const movements: Json[] = (await admin('GET', `/inventory/products/${productId}/movements`)).body.items;
    const reasons = movements.map((m: { reason: string }) => m.reason);
    expect(reasons.filter((r: string) => r === 'reservation-expired')).toHaveLength(1);
    // Nobody asked for the expiry: Inventory itself gave the stock back.
    expect(movements.find((m) => m.reason === 'reservation-expired')).toMatchObject({
      delta: 3,
      reference: reservationId,
      actor: 'service:inventory',
    });
  });

  it('keeps the stock while Sales is unavailable, and expires it once Sales answers again', async () => {
    // Arrange
    const productId = unique('p');
    await admin('POST', '/inventory/products', { productId, sku: 'S', name: 'N', quantity: 5 });

    // Act: past expiresAt (2 s), several ticks of the 1 s schedule, each of which finds Sales down.
    const whileDown = await withFault(runtime.baseUrl, { target: 'sales', mode: 'unavailable' }, async () => {
      const { reservationId, expiresAt } = await reserve(productId, 2);
      await clockPast(Date.parse(expiresAt));
      await expiryTicks(3);
      return { reservationId, status: await statusOf(reservationId), quantity: await quantityOf(productId) };
    });
    // Act: Sales answers again.
    const afterwards = await eventually(
      () => statusOf(whileDown.reservationId),
      (s) => s === 'EXPIRED',
    );

    // Assert
    expect(whileDown.status).toBe('ACTIVE');
    expect(whileDown.quantity).toBe(3);
    expect(afterwards).toBe('EXPIRED');
    expect(await quantityOf(productId)).toBe(5);
  });
});
