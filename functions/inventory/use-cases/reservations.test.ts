import { newId } from '#lib/ids.ts';
import { makeCommitReservation } from './commit-reservation.ts';
import { makeCreateProduct } from './create-product.ts';
import { type CreateReservationInput, makeCreateReservation } from './create-reservation.ts';
import { makeExpireReservations } from './expire-reservations.ts';
import { CountingMetrics, FakeClock, FakeSalesOrders, fakeStores, sequentialIds } from './fakes.ts';
import { makeProductNames } from './product-names.ts';
import { makeReleaseReservation, type ReleaseOptions } from './release-reservation.ts';

let clock: FakeClock;
let deps: ReturnType<typeof fakeStores> & { clock: FakeClock; newId: (prefix: string) => string };

beforeEach(() => {
  clock = new FakeClock();
  deps = { ...fakeStores(), clock, newId: sequentialIds() };
});

const id = (name: string) => `${name}-${newId()}`;
/** Reservations as Sales makes them with its own token. */
const reserve = () => (input: Omit<CreateReservationInput, 'actor'>) =>
  makeCreateReservation({ ...deps, ttlSeconds: 60 })({ ...input, actor: 'service:sales' });
/** Releases by the admin client unless another actor is given. */
const release = () => (reservationId: string, options: Omit<ReleaseOptions, 'actor'> & { actor?: string }) =>
  makeReleaseReservation(deps)(reservationId, { actor: 'client:admin', ...options });
const quantityOf = async (productId: string) => (await deps.products.getProduct(productId))?.quantity;
const movementsOf = async (productId: string) =>
  (await deps.ledger.listMovements(productId, 100))?.items ?? [];

async function product(quantity: number, extra: { reorderPoint?: number; reorderQuantity?: number } = {}) {
  const productId = id('p');
  await makeCreateProduct(deps)({
    productId,
    sku: 'S',
    name: 'N',
    quantity,
    reorderPoint: extra.reorderPoint ?? 0,
    reorderQuantity: extra.reorderQuantity ?? 0,
    actor: 'client:admin',
  });
  return productId;
}

describe('reservations', () => {
  it('reserves all lines or none, naming each short line', async () => {
    const [a, b, c] = [await product(5), await product(1), await product(0)];

    const short = reserve()({
      reservationId: id('r'),
      lines: [
        { productId: a, quantity: 2 },
        { productId: b, quantity: 3 },
        { productId: c, quantity: 1 },
      ],
    });

    await expect(short).rejects.toMatchObject({
      code: 'insufficient_stock',
      errors: [
        expect.objectContaining({ path: 'lines.1', productId: b, requested: 3, available: 1 }),
        expect.objectContaining({ path: 'lines.2', productId: c, requested: 1, available: 0 }),
      ],
    });
    expect([await quantityOf(a), await quantityOf(b), await quantityOf(c)]).toEqual([5, 1, 0]);
  });

  it('answers an unknown product with 404 and changes nothing', async () => {
    const a = await product(5);
    const missing = id('ghost');

    const attempt = reserve()({
      reservationId: id('r'),
      lines: [
        { productId: a, quantity: 1 },
        { productId: missing, quantity: 1 },
      ],
    });

    await expect(attempt).rejects.toMatchObject({
      code: 'not_found',
      errors: [expect.objectContaining({ productId: missing })],
    });
    expect(await quantityOf(a)).toBe(5);
  });

  it('answers a repeat with the same reservation and no second decrement; other lines are refused', async () => {
    const a = await product(5);
    const reservationId = id('r');
    const lines = [{ productId: a, quantity: 2 }];

    const first = await reserve()({ reservationId, lines });
    const repeats = await Promise.all([1, 2, 3].map(() => reserve()({ reservationId, lines })));
    const other = reserve()({ reservationId, lines: [{ productId: a, quantity: 3 }] });

    expect(repeats).toEqual([first, first, first]);
    await expect(other).rejects.toMatchObject({ code: 'idempotency_key_reused' });
    expect(await quantityOf(a)).toBe(3);
  });

  it('refuses a late create of an id released before it existed: 409 conflict, no stock taken', async () => {
    const a = await product(5);
    const reservationId = id('late');

    const early = release()(reservationId, { to: 'RELEASED', cancelledSale: false });
    await expect(early).rejects.toMatchObject({ code: 'not_found' });
    const late = reserve()({ reservationId, lines: [{ productId: a, quantity: 2 }] });

    await expect(late).rejects.toMatchObject({ code: 'conflict' });
    expect(await quantityOf(a)).toBe(5);
    expect(await deps.reservations.getReservation(reservationId)).toBeUndefined();
  });

  it('holds no stock when a create and a release of the same new id race', async () => {
    for (let round = 0; round < 5; round++) {
      const a = await product(5);
      const reservationId = id('race-new');

      await Promise.allSettled([
        reserve()({ reservationId, lines: [{ productId: a, quantity: 2 }] }),
        release()(reservationId, { to: 'RELEASED', cancelledSale: false }),
      ]);

      // Either the release came first (nothing made) or it released what the create made.
      const final = await deps.reservations.getReservation(reservationId);
      expect(final === undefined || final.status === 'RELEASED').toBe(true);
      expect(await quantityOf(a)).toBe(5);
    }
  });

  it('returns stock at most once when commit, release and expiry race', async () => {
    for (let round = 0; round < 5; round++) {
      const a = await product(4);
      const reservationId = id('race');
      await reserve()({ reservationId, lines: [{ productId: a, quantity: 3 }] });

      const outcomes = await Promise.allSettled([
        makeCommitReservation(deps)(reservationId),
        release()(reservationId, { to: 'RELEASED', cancelledSale: false }),
        release()(reservationId, { to: 'EXPIRED', cancelledSale: false }),
        release()(reservationId, { to: 'RELEASED', cancelledSale: false }),
      ]);

      const final = await deps.reservations.getReservation(reservationId);
      const expected = final?.status === 'COMMITTED' ? 1 : 4;
      expect(await quantityOf(a)).toBe(expected);
      expect(outcomes.some((o) => o.status === 'fulfilled')).toBe(true);
    }
  });

  it('commits once and answers a repeat the same; a released one is 409, an unknown one 404', async () => {
    const a = await product(3);
    const [committed, released] = [id('c'), id('r')];
    for (const reservationId of [committed, released])
      await reserve()({ reservationId, lines: [{ productId: a, quantity: 1 }] });
    await release()(released, { to: 'RELEASED', cancelledSale: false });
    const commit = makeCommitReservation(deps);

    const first = await commit(committed);
    const again = await commit(committed);

    expect(first).toMatchObject({ reservationId: committed, status: 'COMMITTED' });
    expect(again).toEqual(first);
    await expect(commit(released)).rejects.toMatchObject({ code: 'conflict' });
    await expect(commit(id('ghost'))).rejects.toMatchObject({ code: 'not_found' });
    expect(await quantityOf(a)).toBe(2);
  });

  it('reads a product name once per instance for the receipts, all unknown ones in one read', async () => {
    const [a, b] = [await product(3), await product(3)];
    const names = makeProductNames(deps);

    const first = await names([a, b, 'ghost']);
    const second = await names([b, a]);

    expect(first).toEqual(
      new Map([
        [a, 'N'],
        [b, 'N'],
      ]),
    );
    expect(second).toEqual(
      new Map([
        [b, 'N'],
        [a, 'N'],
      ]),
    );
    // The second order's products were known: no read. The unknown one is asked for again later.
    expect(deps.products.nameReads).toBe(1);
    await names(['ghost']);
    expect(deps.products.nameReads).toBe(2);
  });

  it('refuses the public release of a committed sale', async () => {
    const a = await product(3);
    const reservationId = id('r');
    await reserve()({ reservationId, lines: [{ productId: a, quantity: 1 }] });
    await makeCommitReservation(deps)(reservationId);

    const attempt = release()(reservationId, { to: 'RELEASED', cancelledSale: false });

    await expect(attempt).rejects.toMatchObject({ code: 'conflict' });
    expect(await quantityOf(a)).toBe(2);
  });

  it('drains a backlog of due reservations page after page in one run, past ones Sales cannot answer', async () => {
    const a = await product(100);
    const ids = Array.from({ length: 12 }, (_, i) => id(`due${i}`));
    for (const reservationId of ids)
      await reserve()({ reservationId, lines: [{ productId: a, quantity: 1 }] });
    const sales = new FakeSalesOrders();
    for (const reservationId of ids) sales.answers.set(reservationId, 'NONE');
    // The first page's three are unsure: they stay, and the run goes on past them.
    for (const reservationId of ids.slice(0, 3)) sales.answers.set(reservationId, 'UNKNOWN');
    const run = (hasTime: () => boolean) =>
      makeExpireReservations({
        ...deps,
        sales,
        metrics: new CountingMetrics(),
        commit: makeCommitReservation(deps),
        expire: (rid, actor) => release()(rid, { to: 'EXPIRED', cancelledSale: false, actor }),
        graceMs: 0,
        batchSize: 5,
        hasTime,
      })('c');
    clock.time += 16 * 60_000;

    const outOfTime = await run(() => false);
    const drained = await run(() => true);

    expect(outOfTime.expired).toHaveLength(2);
    expect(drained.expired).toHaveLength(7);
    expect(drained.skipped.sort()).toEqual(ids.slice(0, 3).sort());
    expect(await quantityOf(a)).toBe(100 - 3);
  });

  it('expires reservations past expiresAt plus the grace after asking Sales: no order → EXPIRED, confirmed → COMMITTED, unsure → kept', async () => {
    const a = await product(10);
    const [none, confirmed, unsure] = [id('none'), id('conf'), id('unsure')];
    for (const reservationId of [none, confirmed, unsure]) {
      await reserve()({ reservationId, lines: [{ productId: a, quantity: 1 }] });
    }
    const sales = new FakeSalesOrders();
    sales.answers.set(none, 'NONE');
    sales.answers.set(confirmed, 'CONFIRMED');
    sales.answers.set(unsure, 'UNKNOWN');
    const metrics = new CountingMetrics();
    const expire = makeExpireReservations({
      ...deps,
      sales,
      metrics,
      commit: makeCommitReservation(deps),
      expire: (rid, actor) => release()(rid, { to: 'EXPIRED', cancelledSale: false, actor }),
      graceMs: 5_000,
      batchSize: 100,
    });
    const start = clock.time;

    const early = await expire('c');
    clock.time = start + 61_000;
    const withinGrace = await expire('c');
    clock.time = start + 66_000;
    const due = await expire('c');
    const again = await expire('c');

    expect([...early.expired, ...early.committed]).toEqual([]);
    expect([...withinGrace.expired, ...withinGrace.committed, ...withinGrace.skipped]).toEqual([]);
    expect(due.expired).toContain(none);
    expect(due.committed).toContain(confirmed);
    expect(due.skipped).toContain(unsure);
    expect(again.expired).not.toContain(none);
    expect((await deps.reservations.getReservation(none))?.status).toBe('EXPIRED');
    expect((await deps.reservations.getReservation(confirmed))?.status).toBe('COMMITTED');
    expect((await deps.reservations.getReservation(unsure))?.status).toBe('ACTIVE');
    expect(await quantityOf(a)).toBe(10 - 2);
    expect([metrics.of('ReservationsExpired'), metrics.of('ReservationsCommittedOnExpiry')]).toEqual([1, 1]);
  });

  it('commits, never releases, the reservation of an order partly or fully returned; expiry acts as service:inventory', async () => {
    const a = await product(10);
    const [partly, returned, none] = [id('partly'), id('returned'), id('none')];
    for (const reservationId of [partly, returned, none]) {
      await reserve()({ reservationId, lines: [{ productId: a, quantity: 2 }] });
    }
    const sales = new FakeSalesOrders();
    sales.answers.set(partly, 'PARTIALLY_RETURNED');
    sales.answers.set(returned, 'RETURNED');
    sales.answers.set(none, 'NONE');
    const expire = makeExpireReservations({
      ...deps,
      sales,
      metrics: new CountingMetrics(),
      commit: makeCommitReservation(deps),
      expire: (rid, actor) => release()(rid, { to: 'EXPIRED', cancelledSale: false, actor }),
      graceMs: 0,
    });
    clock.advance(61_000);

    const outcome = await expire('c');

    expect(outcome.committed.sort()).toEqual([partly, returned].sort());
    expect(outcome.expired).toEqual([none]);
    expect(await quantityOf(a)).toBe(10 - 4);
    expect((await movementsOf(a))[0]).toMatchObject({
      reason: 'reservation-expired',
      reference: none,
      actor: 'service:inventory',
    });
  });

  it('reserves a full 50-line reservation in one transaction', async () => {
    const products = await Promise.all(Array.from({ length: 50 }, () => product(5)));
    const lines = products.map((productId) => ({ productId, quantity: 2 }));

    await reserve()({ reservationId: id('big'), lines });

    expect(await Promise.all(products.map(quantityOf))).toEqual(products.map(() => 3));
  });

  it('answers a repeat with the same reservation even once the stock it took has run out', async () => {
    const a = await product(2);
    const reservationId = id('r');
    const lines = [{ productId: a, quantity: 2 }];

    const first = await reserve()({ reservationId, lines });
    const repeat = await reserve()({ reservationId, lines });

    expect(repeat).toEqual(first);
    expect(await quantityOf(a)).toBe(0);
  });
});
