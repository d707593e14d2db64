import { newId } from '#lib/ids.ts';
import { makeCommitReservation } from './commit-reservation.ts';
import { makeCreateProduct } from './create-product.ts';
import { makeCreateReservation } from './create-reservation.ts';
import { FakeClock, fakeStores, sequentialIds } from './fakes.ts';
import { makeOrderEventHandlers } from './handle-order-event.ts';
import { makeReleaseReservation } from './release-reservation.ts';
import { makeRestockReturn } from './restock-return.ts';

/** Sales' events as Inventory consumes them: OrderConfirmed, OrderCancelled, OrderReturned. */

let deps: ReturnType<typeof fakeStores> & { clock: FakeClock; newId: (prefix: string) => string };
let warnings: { message: string; detail: Record<string, unknown> }[];

beforeEach(() => {
  deps = { ...fakeStores(), clock: new FakeClock(), newId: sequentialIds() };
  warnings = [];
});

const id = (name: string) => `${name}-${newId()}`;
const quantityOf = async (productId: string) => (await deps.products.getProduct(productId))?.quantity;
const movementsOf = async (productId: string) =>
  (await deps.ledger.listMovements(productId, 100))?.items ?? [];

async function product(quantity: number) {
  const productId = id('p');
  await makeCreateProduct(deps)({
    productId,
    sku: 'S',
    name: 'N',
    quantity,
    reorderPoint: 0,
    reorderQuantity: 0,
    actor: 'client:admin',
  });
  return productId;
}

/** A reservation as Sales makes it with its own token. */
const reserve = (reservationId: string, lines: { productId: string; quantity: number }[]) =>
  makeCreateReservation({ ...deps, ttlSeconds: 60 })({ reservationId, lines, actor: 'service:sales' });

/** The order-event handlers as the consumer wires them. */
const orderEvents = () =>
  makeOrderEventHandlers({
    commit: makeCommitReservation(deps),
    release: (rid, { lines, actor }) =>
      makeReleaseReservation(deps)(rid, {
        to: 'RELEASED',
        cancelledSale: true,
        cancelledLines: lines,
        actor,
      }),
    restock: makeRestockReturn(deps),
    warn: (message, detail) => warnings.push({ message, detail }),
  });

describe('OrderConfirmed and OrderCancelled', () => {
  it('releases a committed sale once when Sales cancels it, and ignores duplicates and late confirmations', async () => {
    const a = await product(6);
    const orderId = id('order');
    await reserve(orderId, [{ productId: a, quantity: 2 }]);
    const handlers = orderEvents();
    const lines = [{ productId: a, quantity: 2 }];

    await handlers.confirmed(orderId);
    await handlers.confirmed(orderId);
    expect(await quantityOf(a)).toBe(4);
    await Promise.all([
      handlers.cancelled({ orderId, lines, actor: 'user:gerente' }),
      handlers.cancelled({ orderId, lines, actor: 'user:gerente' }),
    ]);
    await handlers.confirmed(orderId);
    await handlers.cancelled({ orderId: id('unknown'), lines });

    expect(await quantityOf(a)).toBe(6);
    expect((await deps.reservations.getReservation(orderId))?.status).toBe('RELEASED');
    expect(warnings.length).toBeGreaterThanOrEqual(2);
    expect((await movementsOf(a)).map((m) => [m.reason, m.delta, m.actor])).toEqual([
      ['reservation-released', 2, 'user:gerente'],
      ['reservation', -2, 'service:sales'],
      ['initial', 6, 'client:admin'],
    ]);
  });

  it('gives back only what a cancelled sale cancelled (a partly returned order), by Inventory when the event names no actor', async () => {
    const [a, b] = [await product(6), await product(6)];
    const orderId = id('order');
    await reserve(orderId, [
      { productId: a, quantity: 3 },
      { productId: b, quantity: 2 },
    ]);
    await makeCommitReservation(deps)(orderId);
    const handlers = orderEvents();

    // One unit of a was returned before: Sales cancels 2 of a and both of b; never more than reserved.
    await handlers.cancelled({
      orderId,
      lines: [
        { productId: a, quantity: 2 },
        { productId: b, quantity: 5 },
      ],
    });

    expect([await quantityOf(a), await quantityOf(b)]).toEqual([5, 6]);
    expect((await movementsOf(a))[0]).toMatchObject({
      reason: 'reservation-released',
      delta: 2,
      reference: orderId,
      actor: 'service:inventory',
    });
  });
});

describe('OrderReturned', () => {
  /** A sold order of `lines`, and its OrderReturned data for `returned` of them. */
  async function soldOrder(lines: { productId: string; quantity: number }[]) {
    const orderId = id('order');
    await reserve(orderId, lines);
    await makeCommitReservation(deps)(orderId);
    return orderId;
  }
  const returnOf = (
    orderId: string,
    lines: { productId: string; quantity: number }[],
    extra: { returnId?: string; restock?: boolean; actor?: string } = {},
  ) => ({
    orderId,
    returnId: extra.returnId ?? id('ret'),
    lines,
    restock: extra.restock ?? true,
    ...(extra.actor === undefined ? {} : { actor: extra.actor }),
  });

  it('restocks a return once: the same returnId delivered again, or at once, adds nothing', async () => {
    const [a, b] = [await product(5), await product(5)];
    const orderId = await soldOrder([
      { productId: a, quantity: 3 },
      { productId: b, quantity: 1 },
    ]);
    const returned = returnOf(
      orderId,
      [
        { productId: a, quantity: 2 },
        { productId: b, quantity: 1 },
      ],
      { actor: 'user:caixa' },
    );
    const handlers = orderEvents();

    await handlers.returned(returned);
    await Promise.all([handlers.returned(returned), handlers.returned({ ...returned })]);

    expect([await quantityOf(a), await quantityOf(b)]).toEqual([4, 5]);
    const ofA = await movementsOf(a);
    expect(ofA.filter((m) => m.reason === 'return')).toEqual([
      expect.objectContaining({
        delta: 2,
        quantityAfter: 4,
        reason: 'return',
        reference: returned.returnId,
        actor: 'user:caixa',
      }),
    ]);
    expect((await movementsOf(b)).filter((m) => m.reason === 'return')).toHaveLength(1);
    expect(await deps.restocks.getRestock(orderId, returned.returnId)).toMatchObject({
      lines: returned.lines,
      actor: 'user:caixa',
    });
    expect(warnings).toEqual([]);
  });

  it('restocks each of several returns of one order, by Inventory when the event names no actor', async () => {
    const a = await product(5);
    const orderId = await soldOrder([{ productId: a, quantity: 3 }]);
    const handlers = orderEvents();
    deps.table.conflicts = 2;

    await handlers.returned(returnOf(orderId, [{ productId: a, quantity: 1 }], { returnId: 'ret-1' }));
    await handlers.returned(returnOf(orderId, [{ productId: a, quantity: 2 }], { returnId: 'ret-2' }));

    expect(await quantityOf(a)).toBe(5);
    expect(
      (await movementsOf(a)).filter((m) => m.reason === 'return').map((m) => [m.reference, m.delta, m.actor]),
    ).toEqual([
      ['ret-2', 2, 'service:inventory'],
      ['ret-1', 1, 'service:inventory'],
    ]);
  });

  it('changes no stock for a return that is not resaleable (restock: false)', async () => {
    const a = await product(5);
    const orderId = await soldOrder([{ productId: a, quantity: 2 }]);
    const before = await movementsOf(a);
    const returned = returnOf(orderId, [{ productId: a, quantity: 2 }], { restock: false, actor: 'user:x' });

    await orderEvents().returned(returned);
    await orderEvents().returned(returned);

    expect(await quantityOf(a)).toBe(3);
    expect(await movementsOf(a)).toEqual(before);
    expect(await deps.restocks.getRestock(orderId, returned.returnId)).toBeUndefined();
  });

  it('acknowledges a return of products it does not know with a warning, restocking the ones it knows', async () => {
    const a = await product(5);
    const ghost = id('ghost');
    const orderId = await soldOrder([{ productId: a, quantity: 2 }]);

    await orderEvents().returned(
      returnOf(orderId, [
        { productId: a, quantity: 1 },
        { productId: ghost, quantity: 1 },
      ]),
    );
    await orderEvents().returned(returnOf(id('order'), [{ productId: ghost, quantity: 4 }]));

    expect(await quantityOf(a)).toBe(4);
    expect(warnings.map((w) => w.detail.productIds)).toEqual([[ghost], [ghost]]);
  });

  it('merges a product listed twice into one restock line', async () => {
    const a = await product(5);
    const orderId = await soldOrder([{ productId: a, quantity: 3 }]);

    await orderEvents().returned(
      returnOf(orderId, [
        { productId: a, quantity: 1 },
        { productId: a, quantity: 2 },
      ]),
    );

    expect(await quantityOf(a)).toBe(5);
    expect((await movementsOf(a))[0]).toMatchObject({ reason: 'return', delta: 3 });
  });
});
