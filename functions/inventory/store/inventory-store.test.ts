import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#lib/dynamodb.ts';
import { AppError } from '#lib/errors.ts';
import { newId } from '#lib/ids.ts';
import { encodeCursor } from '#lib/pagination.ts';
import { createPrivateTable, type PrivateTable } from '../../../test/support/private-table.ts';
import type { Movement } from '../domain/stock.ts';
import { makeChangeStock } from '../use-cases/change-stock.ts';
import { makeCreateProduct } from '../use-cases/create-product.ts';
import type { Deps } from '../use-cases/ports.ts';
import { makeReceiveReorder } from '../use-cases/receive-reorder.ts';
import { makeSettleLedger } from '../use-cases/settle-ledger.ts';
import { InventoryStore } from './inventory-store.ts';
import { productImage } from './test-table.ts';

let table: PrivateTable;
let deps: Deps;

beforeAll(async () => {
  table = await createPrivateTable('inventory');
  deps = { store: new InventoryStore(table.name), clock: { now: () => new Date() }, newId: (p) => newId(p) };
});
afterAll(() => table.drop());

const id = (name: string) => `${name}-${newId()}`;

const createProduct = (
  productId: string,
  quantity: number,
  reorder: { reorderPoint: number; reorderQuantity: number } = { reorderPoint: 0, reorderQuantity: 0 },
) => makeCreateProduct(deps)({ productId, sku: 'S', name: 'N', quantity, ...reorder });

async function allMovements(productId: string): Promise<Movement[]> {
  const page = await deps.store.listMovements(productId, 100);
  return page?.items ?? [];
}

const image = (productId: string) => productImage(table.name, productId);

/** Newest first, each movement's quantityAfter is the previous one's plus its delta, from version 1. */
function expectExactChain(movements: Movement[]) {
  const chronological = [...movements].reverse();
  chronological.forEach((m, i) => {
    const before = i === 0 ? 0 : chronological[i - 1]!.quantityAfter;
    expect(m.version).toBe(i + 1);
    expect(m.quantityAfter).toBe(before + m.delta);
  });
}

async function outboxEvents(type: string): Promise<Record<string, unknown>[]> {
  const { Items = [] } = await dynamo.send(
    new QueryCommand({
      TableName: table.name,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': 'OUTBOX' },
    }),
  );
  return Items.map((i) => i.envelope).filter((e) => e.type === type);
}

describe('inventory store on DynamoDB Local', () => {
  it('creates a product with its initial movement and refuses an existing id', async () => {
    const create = makeCreateProduct(deps);
    const productId = id('p');

    const product = await create({
      productId,
      sku: 'S',
      name: 'N',
      quantity: 8,
      reorderPoint: 0,
      reorderQuantity: 0,
    });
    const again = create({
      productId,
      sku: 'S',
      name: 'N',
      quantity: 1,
      reorderPoint: 0,
      reorderQuantity: 0,
    });

    expect(product).toMatchObject({ quantity: 8, version: 1 });
    await expect(again).rejects.toMatchObject({ code: 'conflict' });
    expect(await deps.store.getProduct(productId)).toMatchObject({ quantity: 8, version: 1 });
    expect(await allMovements(productId)).toEqual([
      expect.objectContaining({ delta: 8, quantityAfter: 8, reason: 'initial' }),
    ]);
  });

  it('never oversells under 60 concurrent decrements, and the ledger adds up exactly', async () => {
    const productId = id('hot');
    await createProduct(productId, 5);
    const change = makeChangeStock(deps);

    const results = await Promise.allSettled(
      Array.from({ length: 60 }, () =>
        change({ kind: 'delta', productId, delta: -1, reason: 'sale', reference: null }),
      ),
    );

    const ok = results.filter((r) => r.status === 'fulfilled').length;
    const refused = results.filter(
      (r) => r.status === 'rejected' && (r.reason as AppError).code === 'insufficient_stock',
    ).length;
    const product = await deps.store.getProduct(productId);
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

  it('settling opens exactly one reorder with one StockLow when concurrent changes cross the reorder point', async () => {
    const productId = id('low');
    await createProduct(productId, 20, { reorderPoint: 10, reorderQuantity: 30 });
    const change = makeChangeStock(deps);

    await Promise.all(
      Array.from({ length: 15 }, () =>
        change({ kind: 'delta', productId, delta: -1, reason: 'sale', reference: null }),
      ),
    );

    // The stream may hand the settle the same product in several batches at once.
    const settled = await image(productId);
    await Promise.all(Array.from({ length: 5 }, () => makeSettleLedger(deps)(settled)));

    const reorders = (await deps.store.listReorders(100, undefined, 'OPEN')).items.filter(
      (r) => r.productId === productId,
    );
    const events = (await outboxEvents('StockLow')).filter(
      (e) => (e.data as { productId: string }).productId === productId,
    );
    expect(reorders).toHaveLength(1);
    expect(reorders[0]).toMatchObject({ quantity: 30, status: 'OPEN' });
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toMatchObject({ reorderId: reorders[0]!.reorderId, reorderPoint: 10 });
    expect((await deps.store.getProduct(productId))?.openReorderId).toBe(reorders[0]!.reorderId);
  });

  it('receives a reorder once, even when the receipt is sent five times at once', async () => {
    const productId = id('recv');
    await createProduct(productId, 1, { reorderPoint: 2, reorderQuantity: 10 });
    await makeSettleLedger(deps)(await image(productId));
    const reorder = (await deps.store.listReorders(100, undefined, 'OPEN')).items.find(
      (r) => r.productId === productId,
    )!;
    const receive = makeReceiveReorder(deps);

    const answers = await Promise.all(Array.from({ length: 5 }, () => receive(reorder.reorderId)));

    expect(answers.every((a) => a.status === 'RECEIVED')).toBe(true);
    expect((await deps.store.getProduct(productId))?.quantity).toBe(11);
    expect((await deps.store.getProduct(productId))?.openReorderId).toBeNull();
    expect((await allMovements(productId)).filter((m) => m.reason === 'reorder-received')).toHaveLength(1);
  });

  it('counts stock with expectedVersion and refuses a stale version without changing anything', async () => {
    const productId = id('count');
    await createProduct(productId, 4);
    const change = makeChangeStock(deps);

    const counted = await change({ kind: 'count', productId, quantity: 9, expectedVersion: 1 });
    const stale = change({ kind: 'count', productId, quantity: 1, expectedVersion: 1 });

    expect(counted).toMatchObject({ quantity: 9, version: 2 });
    await expect(stale).rejects.toMatchObject({ code: 'version_conflict' });
    expect(await deps.store.getProduct(productId)).toMatchObject({ quantity: 9, version: 2 });
    expect((await allMovements(productId))[0]).toMatchObject({ delta: 5, quantityAfter: 9, reason: 'count' });
  });

  it('lists the ledger without a gap while part of it is settled into rows and part is in the journal', async () => {
    const productId = id('ledger');
    await createProduct(productId, 3);
    const change = makeChangeStock(deps);
    for (const delta of [4, -2, 5])
      await change({ kind: 'delta', productId, delta, reason: 'r', reference: null });
    const older = await image(productId);
    for (const delta of [-1, 7, -3])
      await change({ kind: 'delta', productId, delta, reason: 'r', reference: null });
    // An older image settles late: versions 1-4 become rows, 5-7 stay in the journal.
    await makeSettleLedger(deps)(older);

    const pages: Movement[][] = [];
    let cursor: string | undefined;
    do {
      const page = (await deps.store.listMovements(productId, 2, cursor))!;
      pages.push(page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);

    expect((await image(productId)).journal).toHaveLength(3);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2, 1]);
    expectExactChain(pages.flat());
    expect(pages.flat()[0]?.quantityAfter).toBe(13);
  });

  it('answers 400 for a cursor it never returned', async () => {
    await expect(
      deps.store.listProducts(10, Buffer.from('{"x":1}').toString('base64url')),
    ).rejects.toBeInstanceOf(AppError);
    await expect(
      deps.store.listProducts(10, Buffer.from('{"x":1}').toString('base64url')),
    ).rejects.toMatchObject({ code: 'validation_failed', status: 400 });
  });

  it('answers 400 for a cursor of another listing, which has the right attributes but another partition', async () => {
    const [a, b] = [id('cur-a'), id('cur-b')];
    for (const productId of [a, b]) {
      await createProduct(productId, 5);
      await makeChangeStock(deps)({ kind: 'delta', productId, delta: -1, reason: 'sale', reference: null });
    }
    const ofA = (await deps.store.listMovements(a, 1))!.nextCursor!;
    const ofOrders = encodeCursor({
      pk: 'ORDER#o1',
      sk: 'ORDER',
      gsi1pk: 'CUSTOMER#c1',
      gsi1sk: '2026-01-01T00:00:00.000Z#o1',
    })!;

    await expect(deps.store.listMovements(b, 1, ofA)).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(deps.store.listProducts(1, ofOrders)).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(deps.store.listReorders(1, ofOrders)).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('pages products in productId order', async () => {
    const prefix = id('page');
    for (const suffix of ['c', 'a', 'b']) {
      await createProduct(`${prefix}-${suffix}`, 1);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.store.listProducts(2, cursor);
      seen.push(...page.items.map((p) => p.productId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...seen].sort());
    expect(seen.filter((p) => p.startsWith(prefix))).toEqual([`${prefix}-a`, `${prefix}-b`, `${prefix}-c`]);
  });
});
