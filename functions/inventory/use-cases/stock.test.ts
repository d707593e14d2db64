import { makeChangeStock } from './change-stock.ts';
import { makeCreateProduct } from './create-product.ts';
import { FakeClock, fakeStores, sequentialIds } from './fakes.ts';
import { makeQueries } from './queries.ts';
import { makeReceiveReorder } from './receive-reorder.ts';
import { makeSettleLedger } from './settle-ledger.ts';

let deps: ReturnType<typeof fakeStores> & { clock: FakeClock; newId: (prefix: string) => string };

beforeEach(() => {
  deps = { ...fakeStores(), clock: new FakeClock(), newId: sequentialIds() };
});

const change = (productId: string, delta: number, actor = 'client:pos') =>
  makeChangeStock(deps)({ kind: 'delta', productId, delta, reason: 'sale', reference: null, actor });

async function product(productId: string, quantity: number, reorderPoint = 0, reorderQuantity = 0) {
  await makeCreateProduct(deps)({
    productId,
    sku: 'S',
    name: 'N',
    quantity,
    reorderPoint,
    reorderQuantity,
    actor: 'client:admin',
  });
  return productId;
}

describe('stock changes', () => {
  it('gives a new product an id and its initial movement, and refuses an existing id', async () => {
    const created = await makeCreateProduct(deps)({
      sku: 'S',
      name: 'N',
      quantity: 4,
      reorderPoint: 0,
      reorderQuantity: 0,
      actor: 'user:gerente',
    });
    const again = product(created.productId, 1);

    expect(created).toMatchObject({ productId: expect.stringMatching(/^prd_/), quantity: 4, version: 1 });
    expect(created).not.toHaveProperty('journal');
    await expect(again).rejects.toMatchObject({ code: 'conflict' });
    expect(deps.table.movements(created.productId)).toEqual([
      expect.objectContaining({ delta: 4, reason: 'initial', actor: 'user:gerente' }),
    ]);
  });

  it('refuses a decrement past the stock with 409 naming the product, and changes nothing', async () => {
    const p = await product('p1', 2);

    await expect(change(p, -3)).rejects.toMatchObject({
      code: 'insufficient_stock',
      errors: [{ path: 'body.delta', productId: p, requested: 3, available: 2 }],
    });
    await expect(change('ghost', 1)).rejects.toMatchObject({ code: 'not_found' });
    expect(await deps.products.getProduct(p)).toMatchObject({ quantity: 2, version: 1 });
  });

  it('counts from the version read: a stale expectedVersion is refused, a count without one reads again', async () => {
    const p = await product('p1', 4);
    const count = makeChangeStock(deps);

    const actor = 'user:gerente';
    const counted = await count({ kind: 'count', productId: p, quantity: 9, expectedVersion: 1, actor });
    const stale = count({ kind: 'count', productId: p, quantity: 1, expectedVersion: 1, actor });
    await change(p, -2);
    const recounted = await count({
      kind: 'count',
      productId: p,
      quantity: 5,
      expectedVersion: undefined,
      actor: 'user:caixa',
    });

    expect(counted).toMatchObject({ quantity: 9, version: 2 });
    await expect(stale).rejects.toMatchObject({ code: 'version_conflict' });
    expect(recounted).toMatchObject({ quantity: 5, version: 4 });
    expect(deps.table.movements(p).map((e) => [e.delta, e.reason, e.actor])).toEqual([
      [4, 'initial', 'client:admin'],
      [5, 'count', 'user:gerente'],
      [-2, 'sale', 'client:pos'],
      [-2, 'count', 'user:caixa'],
    ]);
  });

  it('sends a change again when it meets a concurrent transaction, and applies it once', async () => {
    const p = await product('p1', 3);
    deps.table.conflicts = 3;

    const changed = await change(p, -1);

    expect(changed).toMatchObject({ quantity: 2, version: 2 });
    expect(deps.table.movements(p)).toHaveLength(2);
  });
});

describe('the ledger settle and reorders', () => {
  it('opens one reorder with its StockLow for a low product, however often the same image is settled', async () => {
    const p = await product('p1', 3, 2, 10);
    await change(p, -2);
    const image = deps.table.image(p);

    await Promise.all([1, 2, 3].map(() => makeSettleLedger(deps)(image)));

    const reorders = (await deps.reorders.listReorders(10, undefined, 'OPEN')).items;
    expect(reorders).toEqual([expect.objectContaining({ productId: p, quantity: 10, status: 'OPEN' })]);
    expect(deps.table.outbox).toEqual([
      expect.objectContaining({
        type: 'StockLow',
        source: 'inventory',
        correlationId: image.lastChange?.movementId,
        data: {
          productId: p,
          quantity: 1,
          reorderPoint: 2,
          reorderId: reorders[0]?.reorderId,
          actor: 'service:inventory',
        },
      }),
    ]);
    expect(deps.table.unsettled(p)).toEqual([]);
    expect((await makeQueries(deps).movements(p, 10)).items.map((m) => m.quantityAfter)).toEqual([1, 3]);
  });

  it('fails the settle when opening the reorder met a concurrent write, so the stream hands it over again', async () => {
    const p = await product('p1', 1, 2, 10);
    deps.table.conflicts = 1;

    await expect(makeSettleLedger(deps)(deps.table.image(p))).rejects.toThrow(/stream retries/);
    expect((await deps.reorders.listReorders(10)).items).toEqual([]);
    await makeSettleLedger(deps)(deps.table.image(p));
    expect((await deps.reorders.listReorders(10)).items).toHaveLength(1);
  });

  it('receives a reorder once, clearing the marker; a repeat answers the same', async () => {
    const p = await product('p1', 1, 2, 10);
    await makeSettleLedger(deps)(deps.table.image(p));
    const [reorder] = (await deps.reorders.listReorders(10)).items;
    const receive = makeReceiveReorder(deps);

    const answers = await Promise.all([1, 2, 3].map(() => receive(reorder!.reorderId, 'user:gerente')));
    const later = await receive(reorder!.reorderId, 'user:caixa');

    expect(answers.map((a) => a.status)).toEqual(['RECEIVED', 'RECEIVED', 'RECEIVED']);
    expect(reorder).toMatchObject({ createdBy: 'service:inventory', receivedBy: null });
    expect(answers[0]).toMatchObject({ receivedBy: 'user:gerente', createdBy: 'service:inventory' });
    expect(later).toEqual(answers[0]);
    expect(await deps.products.getProduct(p)).toMatchObject({ quantity: 11, openReorderId: null });
    expect((await makeQueries(deps).movements(p, 10)).items[0]).toMatchObject({
      delta: 10,
      reason: 'reorder-received',
      reference: reorder!.reorderId,
      actor: 'user:gerente',
    });
    await expect(receive('ro_ghost', 'user:gerente')).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('queries', () => {
  it('answers 404 for what does not exist, and pages products in productId order', async () => {
    const queries = makeQueries(deps);
    for (const id of ['c', 'a', 'b']) await product(id, 1);

    const first = await queries.products(2);
    const second = await queries.products(2, first.nextCursor!);

    expect([...first.items, ...second.items].map((p) => p.productId)).toEqual(['a', 'b', 'c']);
    expect(second.nextCursor).toBeNull();
    await expect(queries.product('ghost')).rejects.toMatchObject({ code: 'not_found' });
    await expect(queries.movements('ghost', 10)).rejects.toMatchObject({ code: 'not_found' });
    await expect(queries.reservation('ghost')).rejects.toMatchObject({ code: 'not_found' });
    await expect(queries.products(2, 'not-a-cursor')).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
