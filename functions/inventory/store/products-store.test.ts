import { AppError } from '#lib/errors.ts';
import { newId } from '#lib/ids.ts';
import { expectExactChain, privateInventory } from '#test/support/inventory-table.ts';
import { makeChangeStock } from '../use-cases/change-stock.ts';
import { makeCreateProduct } from '../use-cases/create-product.ts';
import { makeSettleLedger } from '../use-cases/settle-ledger.ts';

let inventory: Awaited<ReturnType<typeof privateInventory>>;

beforeAll(async () => {
  inventory = await privateInventory();
});
afterAll(() => inventory.table.drop());

const id = (name: string) => `${name}-${newId()}`;

describe('product store on DynamoDB Local', () => {
  it('creates a product with its initial movement and refuses an existing id', async () => {
    const { deps, allMovements } = inventory;
    const create = makeCreateProduct(deps);
    const productId = id('p');

    const product = await create({
      productId,
      sku: 'S',
      name: 'N',
      quantity: 8,
      reorderPoint: 0,
      reorderQuantity: 0,
      actor: 'client:admin',
    });
    const again = create({
      productId,
      sku: 'S',
      name: 'N',
      quantity: 1,
      reorderPoint: 0,
      reorderQuantity: 0,
      actor: 'client:admin',
    });

    expect(product).toMatchObject({ quantity: 8, version: 1 });
    await expect(again).rejects.toMatchObject({ code: 'conflict' });
    expect(await deps.products.getProduct(productId)).toMatchObject({ quantity: 8, version: 1 });
    expect(await allMovements(productId)).toEqual([
      expect.objectContaining({ delta: 8, quantityAfter: 8, reason: 'initial', actor: 'client:admin' }),
    ]);
  });

  it('never oversells under 60 concurrent decrements, and the ledger adds up exactly', async () => {
    const { deps, allMovements, image } = inventory;
    const productId = id('hot');
    await inventory.createProduct(productId, 5);
    const change = makeChangeStock(deps);

    const results = await Promise.allSettled(
      Array.from({ length: 60 }, () =>
        change({ kind: 'delta', productId, delta: -1, reason: 'sale', reference: null, actor: 'client:pos' }),
      ),
    );

    const ok = results.filter((r) => r.status === 'fulfilled').length;
    const refused = results.filter(
      (r) => r.status === 'rejected' && (r.reason as AppError).code === 'insufficient_stock',
    ).length;
    const product = await deps.products.getProduct(productId);
    const movements = await allMovements(productId);
    expect(ok).toBe(5);
    expect(refused).toBe(55);
    expect(product?.quantity).toBe(0);
    expect(movements).toHaveLength(6);
    expectExactChain(movements);
    await makeSettleLedger(deps)(await image(productId));
    expect(await allMovements(productId)).toEqual(movements);
    expect((await image(productId)).journal).toEqual([]);
  });

  it('counts stock with expectedVersion and refuses a stale version without changing anything', async () => {
    const { deps, allMovements } = inventory;
    const productId = id('count');
    await inventory.createProduct(productId, 4);
    const change = makeChangeStock(deps);

    const counted = await change({
      kind: 'count',
      productId,
      quantity: 9,
      expectedVersion: 1,
      actor: 'user:gerente',
    });
    const stale = change({
      kind: 'count',
      productId,
      quantity: 1,
      expectedVersion: 1,
      actor: 'user:gerente',
    });

    expect(counted).toMatchObject({ quantity: 9, version: 2 });
    await expect(stale).rejects.toMatchObject({ code: 'version_conflict' });
    expect(await deps.products.getProduct(productId)).toMatchObject({ quantity: 9, version: 2 });
    expect((await allMovements(productId))[0]).toMatchObject({
      delta: 5,
      quantityAfter: 9,
      reason: 'count',
      actor: 'user:gerente',
    });
  });

  it('answers each refused change with why, from the item the failed condition hands back', async () => {
    const { products } = inventory.deps;
    const productId = id('why');
    await inventory.createProduct(productId, 2);
    const entry = (delta: number) => ({
      movementId: newId('mov_'),
      delta,
      reason: 'r',
      reference: null,
      actor: 'client:admin',
      at: 'now',
    });

    const short = await products.changeStock({ productId, entry: entry(-3) });
    const moved = await products.changeStock({ productId, entry: entry(1) }, 7);
    const missing = await products.changeStock({ productId: id('ghost'), entry: entry(1) });

    expect([short, moved, missing]).toEqual([
      { kind: 'short', available: 2 },
      { kind: 'version_moved' },
      { kind: 'not_found' },
    ]);
    expect(await products.getProduct(productId)).toMatchObject({ quantity: 2, version: 1 });
  });

  it('answers 400 for a cursor it never returned', async () => {
    const { products } = inventory.deps;
    await expect(
      products.listProducts(10, Buffer.from('{"x":1}').toString('base64url')),
    ).rejects.toBeInstanceOf(AppError);
    await expect(
      products.listProducts(10, Buffer.from('{"x":1}').toString('base64url')),
    ).rejects.toMatchObject({ code: 'validation_failed', status: 400 });
  });

  it('pages products in productId order', async () => {
    const { products } = inventory.deps;
    const prefix = id('page');
    for (const suffix of ['c', 'a', 'b']) {
      await inventory.createProduct(`${prefix}-${suffix}`, 1);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await products.listProducts(2, cursor);
      seen.push(...page.items.map((p) => p.productId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...seen].sort());
    expect(seen.filter((p) => p.startsWith(prefix))).toEqual([`${prefix}-a`, `${prefix}-b`, `${prefix}-c`]);
  });
});
