import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#lib/dynamodb/client.ts';
import { AppError } from '#lib/errors.ts';
import { newId } from '#lib/ids.ts';
import { expectExactChain, privateInventory } from '#test/support/inventory-table.ts';
import type { ProductFilter } from '../domain/search.ts';
import { makeChangeStock } from '../use-cases/change-stock.ts';
import { makeCreateProduct } from '../use-cases/create-product.ts';
import { makeSettleLedger } from '../use-cases/settle-ledger.ts';
import { PRODUCTS_INDEX_PK, productKey } from './keys.ts';
import { DynamoProductStore, type ProductStoreOptions } from './products-store.ts';

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

describe('finding products on DynamoDB Local', () => {
  /** Its own table: the listing of every product is exactly the products below. */
  let own: Awaited<ReturnType<typeof privateInventory>>;
  const create = (productId: string, sku: string, name: string, quantity: number, reorderPoint = 0) =>
    makeCreateProduct(own.deps)({
      productId,
      sku,
      name,
      quantity,
      reorderPoint,
      reorderQuantity: 0,
      actor: 'client:admin',
    });

  beforeAll(async () => {
    own = await privateInventory();
    await create('a-cafe-pilao', '7896089011234', 'Café Pilão 500g', 3, 5);
    await create('b-acucar', '7891910000197', 'Açúcar União 1kg', 0, 0);
    await create('c-arroz', 'ARZ-5', 'Arroz Tio João 5kg', 12, 2);
    for (let i = 0; i < 7; i++) await create(`d-feijao-${i}`, `FEI-${i}`, 'Feijão Carioca 1kg', 20, 1);
    await create('e-cafe-melitta', 'MEL-250', 'Café Melitta 250g', 40, 5);
    // Written before the search attributes existed: found all the same, matched in memory.
    await dynamo.send(
      new PutCommand({
        TableName: own.table.name,
        Item: {
          ...productKey('f-cafe-legado'),
          gsi1pk: PRODUCTS_INDEX_PK,
          gsi1sk: 'f-cafe-legado',
          productId: 'f-cafe-legado',
          sku: 'LEG-1',
          name: 'Cafe Legado Extra Forte',
          quantity: 1,
          reorderPoint: 4,
          reorderQuantity: 0,
          version: 1,
          updatedAt: '2024-01-01T00:00:00.000Z',
        },
      }),
    );
    await create('g-leite', 'LEI-1', 'Leite Integral Italac 1L', 2, 10);
  });
  afterAll(() => own.table.drop());

  /** Every page of the filter through a store that reads `readBatch` items per query. */
  async function pages(filter: ProductFilter, limit: number, options: ProductStoreOptions = {}) {
    const store = new DynamoProductStore(dynamo, own.table.name, options);
    const found: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listProducts(limit, cursor, filter);
      found.push(page.items.map((p) => p.productId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return found;
  }
  const ids = async (filter: ProductFilter) => (await pages(filter, 100)).flat();

  it('finds "cafe" in "Café Pilão", by any word of the name, case- and accent-insensitive', async () => {
    expect(await ids({ q: 'cafe' })).toEqual(['a-cafe-pilao', 'e-cafe-melitta', 'f-cafe-legado']);
    expect(await ids({ q: 'PILÃO' })).toEqual(['a-cafe-pilao']);
    expect(await ids({ q: 'acúcar uniao' })).toEqual(['b-acucar']);
    expect(await ids({ q: 'joao arroz' })).toEqual(['c-arroz']);
    expect(await ids({ q: 'extra' })).toEqual(['f-cafe-legado']);
    expect(await ids({ q: 'afe' })).toEqual([]);
  });

  it('finds a SKU exactly, whatever its case', async () => {
    expect(await ids({ q: 'arz-5' })).toEqual(['c-arroz']);
    expect(await ids({ q: 'leg-1' })).toEqual(['f-cafe-legado']);
    expect(await ids({ q: '7896089011234' })).toEqual(['a-cafe-pilao']);
    expect(await ids({ q: 'ARZ' })).toEqual([]);
    // A name of no words at all stores an empty searchName: found by its SKU only.
    await create('h-no-words', 'NW-1', '***', 1);
    expect(await ids({ q: 'nw-1' })).toEqual(['h-no-words']);
    expect(await ids({ q: '*' })).toEqual([]);
  });

  it('lists the products at or below their reorder point, also with q', async () => {
    expect(await ids({ lowStock: true })).toEqual(['a-cafe-pilao', 'b-acucar', 'f-cafe-legado', 'g-leite']);
    expect(await ids({ lowStock: true, q: 'café' })).toEqual(['a-cafe-pilao', 'f-cafe-legado']);
    expect(await ids({ lowStock: true, q: '500G café' })).toEqual(['a-cafe-pilao']);
    expect(await ids({ lowStock: true, q: 'cafe melitta' })).toEqual([]);
  });

  it('fills every page of a filtered listing across many reads, with no empty page before the end', async () => {
    /** Every page but the last is full; the last may be empty when the last match ended a read. */
    const expectFull = (found: string[][], limit: number, all: string[]) => {
      expect(found.slice(0, -1).map((page) => page.length)).toEqual(found.slice(0, -1).map(() => limit));
      expect(found.flat()).toEqual(all);
    };
    const lowStock = await pages({ lowStock: true }, 2, { readBatch: 2 });
    const coffee = await pages({ q: 'cafe' }, 1, { readBatch: 1 });
    const beans = await pages({ q: 'feijao' }, 3, { readBatch: 2 });

    expectFull(lowStock, 2, ['a-cafe-pilao', 'b-acucar', 'f-cafe-legado', 'g-leite']);
    expectFull(coffee, 1, ['a-cafe-pilao', 'e-cafe-melitta', 'f-cafe-legado']);
    expect(beans).toEqual([
      ['d-feijao-0', 'd-feijao-1', 'd-feijao-2'],
      ['d-feijao-3', 'd-feijao-4', 'd-feijao-5'],
      ['d-feijao-6'],
    ]);
  });

  it('answers a short page with a cursor when time runs out, and the cursor goes on from there', async () => {
    const out = new DynamoProductStore(dynamo, own.table.name, { readBatch: 2, hasTime: () => false });
    const first = await out.listProducts(10, undefined, { q: 'melitta' });
    const rest = await pages({ q: 'melitta' }, 10, { readBatch: 2 });

    expect(first.items).toEqual([]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const after = await own.deps.products.listProducts(10, first.nextCursor!, { q: 'melitta' });
    expect(after).toEqual({
      items: [expect.objectContaining({ productId: 'e-cafe-melitta' })],
      nextCursor: null,
    });
    expect(rest.flat()).toEqual(['e-cafe-melitta']);
  });

  it('takes the cursor of an unfiltered page, and refuses one it never returned', async () => {
    const first = await own.deps.products.listProducts(1);
    const next = await own.deps.products.listProducts(10, first.nextCursor!, { q: 'cafe' });
    const bogus = own.deps.products.listProducts(10, Buffer.from('{"x":1}').toString('base64url'), {
      q: 'x',
    });

    expect(next.items.map((p) => p.productId)).toEqual(['e-cafe-melitta', 'f-cafe-legado']);
    await expect(bogus).rejects.toMatchObject({ code: 'validation_failed', status: 400 });
  });
});
