import { newId } from '#lib/ids.ts';
import { privateInventory } from '#test/support/inventory-table.ts';
import type { Reservation } from '../domain/reservation.ts';
import type { ProductChange } from '../ports.ts';

let inventory: Awaited<ReturnType<typeof privateInventory>>;

beforeAll(async () => {
  inventory = await privateInventory();
});
afterAll(() => inventory.table.drop());

const id = (name: string) => `${name}-${newId()}`;
const at = new Date().toISOString();

async function products(...quantities: number[]): Promise<string[]> {
  const ids = quantities.map(() => id('p'));
  await Promise.all(ids.map((productId, i) => inventory.createProduct(productId, quantities[i]!)));
  return ids;
}

const quantities = (ids: string[]) =>
  Promise.all(ids.map(async (productId) => (await inventory.deps.products.getProduct(productId))?.quantity));

function reservation(
  lines: { productId: string; quantity: number }[],
  expiresAt = '2999-01-01T00:00:00.000Z',
) {
  const reservationId = id('r');
  const made: Reservation = {
    reservationId,
    status: 'ACTIVE',
    lines,
    expiresAt,
    createdAt: at,
    updatedAt: at,
  };
  return {
    reservationId,
    made,
    take: moves(reservationId, lines, -1),
    giveBack: moves(reservationId, lines, 1),
  };
}

const moves = (reference: string, lines: { productId: string; quantity: number }[], sign: number) =>
  lines.map(
    ({ productId, quantity }): ProductChange => ({
      productId,
      entry: {
        movementId: newId('mov_'),
        delta: sign * quantity,
        reason: 'r',
        reference,
        actor: 'service:sales',
        at,
      },
    }),
  );

describe('reservation store on DynamoDB Local', () => {
  it('takes every line or none', async () => {
    const { reservations } = inventory.deps;
    const [a, b] = await products(5, 1);
    const r = reservation([
      { productId: a!, quantity: 2 },
      { productId: b!, quantity: 3 },
    ]);

    const result = await reservations.reserve(r.made, r.take);

    expect(result).toEqual({ kind: 'stock_refused' });
    expect(await quantities([a!, b!])).toEqual([5, 1]);
    expect(await reservations.getReservation(r.reservationId)).toBeUndefined();
  });

  it('reserves a full 50-line reservation in one transaction', async () => {
    const ids = await products(...Array.from({ length: 50 }, () => 5));
    const r = reservation(ids.map((productId) => ({ productId, quantity: 2 })));

    expect(await inventory.deps.reservations.reserve(r.made, r.take)).toEqual({ kind: 'ok' });
    expect(await quantities(ids)).toEqual(ids.map(() => 3));
  }, 30_000);

  it('refuses an id it has, and an id released before it existed, taking no stock', async () => {
    const { reservations } = inventory.deps;
    const [a] = await products(5);
    const kept = reservation([{ productId: a!, quantity: 2 }]);
    const late = reservation([{ productId: a!, quantity: 1 }]);

    const first = await reservations.reserve(kept.made, kept.take);
    const again = await reservations.reserve(kept.made, moves(kept.reservationId, kept.made.lines, -1));
    const markKept = await reservations.markReleased(kept.reservationId, new Date());
    const markLate = await reservations.markReleased(late.reservationId, new Date());
    const lateCreate = await reservations.reserve(late.made, late.take);

    expect([first, again, markKept, markLate, lateCreate].map((r) => r.kind)).toEqual([
      'ok',
      'exists',
      'exists',
      'ok',
      'released',
    ]);
    expect(await quantities([a!])).toEqual([3]);
    expect(await reservations.getReservation(late.reservationId)).toBeUndefined();
  });

  it('never lets a create and a release of one new id both go through', async () => {
    const { reservations } = inventory.deps;
    for (let round = 0; round < 5; round++) {
      const [a] = await products(5);
      const r = reservation([{ productId: a!, quantity: 2 }]);

      const [created, marked] = await Promise.all([
        reservations.reserve(r.made, r.take),
        reservations.markReleased(r.reservationId, new Date()),
      ]);

      expect(created.kind === 'ok' && marked.kind === 'ok').toBe(false);
      expect(await quantities([a!])).toEqual([created.kind === 'ok' ? 3 : 5]);
    }
  });

  it('moves a status once when commit, release and expiry race, and gives stock back at most once', async () => {
    const { reservations } = inventory.deps;
    for (let round = 0; round < 5; round++) {
      const [a] = await products(4);
      const r = reservation([{ productId: a!, quantity: 3 }]);
      await reservations.reserve(r.made, r.take);
      const leave = (to: Reservation['status'], changes: ProductChange[]) =>
        reservations.transition({ reservationId: r.reservationId, from: ['ACTIVE'], to, at }, changes);

      const results = await Promise.all([
        leave('COMMITTED', []),
        leave('RELEASED', r.giveBack),
        leave('EXPIRED', moves(r.reservationId, r.made.lines, 1)),
      ]);

      const final = await reservations.getReservation(r.reservationId);
      expect(results.filter((x) => x.kind === 'ok').length).toBeLessThanOrEqual(1);
      expect(await quantities([a!])).toEqual([
        final?.status === 'RELEASED' || final?.status === 'EXPIRED' ? 4 : 1,
      ]);
    }
  });

  it('lists due ACTIVE reservations soonest-expired first, and no longer once they leave ACTIVE', async () => {
    const { reservations } = inventory.deps;
    const [a] = await products(10);
    const line = [{ productId: a!, quantity: 1 }];
    const [later, sooner, future] = [
      reservation(line, '2020-01-01T00:00:02.000Z'),
      reservation(line, '2020-01-01T00:00:01.000Z'),
      reservation(line),
    ];
    for (const r of [later, sooner, future]) await reservations.reserve(r.made, r.take);

    const due = (await reservations.dueReservations(new Date('2025-01-01T00:00:00.000Z'), 10)).items;
    await reservations.transition({
      reservationId: sooner.reservationId,
      from: ['ACTIVE'],
      to: 'COMMITTED',
      at,
    });
    const after = (await reservations.dueReservations(new Date('2025-01-01T00:00:00.000Z'), 10)).items;

    expect(due.map((r) => r.reservationId)).toEqual([sooner.reservationId, later.reservationId]);
    expect(after.map((r) => r.reservationId)).toEqual([later.reservationId]);
  });
});
