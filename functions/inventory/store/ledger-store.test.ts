import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#lib/dynamodb/client.ts';
import { encodeCursor } from '#lib/dynamodb/paginate.ts';
import { newId } from '#lib/ids.ts';
import { mapConcurrently } from '#lib/map-concurrently.ts';
import { expectExactChain, privateInventory } from '#test/support/inventory-table.ts';
import type { Movement, MovementEntry, ProductImage } from '../domain/stock.ts';
import { makeChangeStock } from '../use-cases/change-stock.ts';
import { makeCreateReservation } from '../use-cases/create-reservation.ts';
import { makeSettleLedger } from '../use-cases/settle-ledger.ts';
import { PENDING_SK_PREFIX, PRODUCTS_INDEX_PK, productKey } from './keys.ts';
import { DynamoLedgerStore } from './ledger-store.ts';
import { itemSize, streamImages } from './ledger-testing.ts';
import { pendingItem, settledItem } from './movement-rows.ts';
import { stockUpdate } from './stock-update.ts';

let inventory: Awaited<ReturnType<typeof privateInventory>>;

/** Tests that read the table's stream, or wait on many concurrent transactions, on a busy machine. */

beforeAll(async () => {
  inventory = await privateInventory();
});
afterAll(() => inventory.table.drop());

const id = (name: string) => `${name}-${newId()}`;
const table = () => inventory.table.name;

/** A reservation of one line, by Sales: a transaction whose movement is pending until the settle. */
const reserve = (productId: string, quantity = 1) =>
  makeCreateReservation({ ...inventory.deps, ttlSeconds: 900 })({
    reservationId: id('r'),
    lines: [{ productId, quantity }],
    actor: 'service:sales',
  });
/** A change of one product alone: a plain update, then its pending row. */
const change = (productId: string, delta: number, actor = 'client:admin') =>
  makeChangeStock(inventory.deps)({ kind: 'delta', productId, delta, reason: 'r', reference: null, actor });

/** Every movement, following the cursors, `limit` at a time. */
async function pages(
  productId: string,
  limit: number,
  ledger = inventory.deps.ledger,
): Promise<Movement[][]> {
  const all: Movement[][] = [];
  let cursor: string | undefined;
  do {
    const page = (await ledger.listMovements(productId, limit, cursor))!;
    all.push(page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

async function pendingRows(productId: string): Promise<number> {
  const { Items = [] } = await dynamo.send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :pending)',
      ExpressionAttributeValues: { ':pk': productKey(productId).pk, ':pending': PENDING_SK_PREFIX },
      ConsistentRead: true,
    }),
  );
  return Items.length;
}

/** The ledger the stream says: each image's change at its version, with its quantity. */
const fromStream = (images: ProductImage[]): Movement[] =>
  images
    .map((i) => ({ ...i.lastChange!, productId: i.productId, version: i.version, quantityAfter: i.quantity }))
    .reverse();

const rawItem = async (productId: string) =>
  (
    await dynamo.send(
      new GetCommand({ TableName: table(), Key: productKey(productId), ConsistentRead: true }),
    )
  ).Item!;

describe('ledger store on DynamoDB Local', () => {
  it('lists 50 concurrent changes exactly once before the settle, and exactly as the stream applied them after', async () => {
    const productId = id('hot');
    await inventory.createProduct(productId, 100);
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 2 === 0 ? reserve(productId, 1 + (i % 3)) : change(productId, i % 4 === 1 ? 2 : -1),
      ),
    );
    const images = await streamImages(table(), productId);
    const truth = fromStream(images);

    const before = await pages(productId, 7);
    const settled = await makeSettleLedger(inventory.deps)(images);
    const after = await pages(productId, 7);

    const listed = before.flat();
    expect(images).toHaveLength(51);
    expect(listed.map((m) => m.movementId).sort()).toEqual(truth.map((m) => m.movementId).sort());
    expectExactChain(listed);
    expect(listed[0]?.quantityAfter).toBe((await inventory.deps.products.getProduct(productId))?.quantity);
    // The newest 32 are exact before the settle (the item's slots name them in order).
    expect(listed.slice(0, 32)).toEqual(truth.slice(0, 32));
    expect(settled).toEqual([]);
    expect(after.flat()).toEqual(truth);
    expect(await pendingRows(productId)).toBe(0);
  }, 30_000);

  it('settles the same batch twice, or again from a cold instance, to the same rows', async () => {
    const productId = id('twice');
    await inventory.createProduct(productId, 9);
    for (const quantity of [1, 2, 3]) await reserve(productId, quantity);
    const images = await streamImages(table(), productId);

    await inventory.deps.ledger.settle(images);
    const once = await pages(productId, 100);
    await inventory.deps.ledger.settle(images);
    await new DynamoLedgerStore(dynamo, table()).settle(images);
    await new DynamoLedgerStore(dynamo, table()).settle(images.slice(1, 3));

    expect(await pages(productId, 100)).toEqual(once);
    expect(once.flat()).toEqual(fromStream(images));
    expect(await pendingRows(productId)).toBe(0);
  }, 30_000);

  it('settles from one image what records the settle never had (a stopped runtime), exactly, from a cold instance', async () => {
    const productId = id('missed');
    await inventory.createProduct(productId, 20);
    for (const quantity of [1, 2, 3, 4]) await reserve(productId, quantity);
    await change(productId, 5);
    await reserve(productId, 6);
    const images = await streamImages(table(), productId);

    const unsettled = await new DynamoLedgerStore(dynamo, table()).settle([images.at(-1)!]);

    expect(unsettled).toEqual([]);
    expect((await pages(productId, 100)).flat()).toEqual(fromStream(images));
    expect(await pendingRows(productId)).toBe(0);
  }, 30_000);

  it('lists without a gap while part is settled and part pending, page by page, and the settle does not write the item', async () => {
    const productId = id('ledger');
    await inventory.createProduct(productId, 3);
    for (const quantity of [1, 1]) await reserve(productId, quantity);
    const [older] = (await streamImages(table(), productId)).slice(-1);
    await change(productId, 4);
    for (const quantity of [2, 1]) await reserve(productId, quantity);
    const item = await rawItem(productId);
    // An older image settles late: versions 1-3 become rows, 4-6 stay pending.
    await makeSettleLedger(inventory.deps)(older!);

    const listed = await pages(productId, 2);

    expect(await rawItem(productId)).toEqual(item);
    expect(item.writtenBy).toBe('stock');
    expect(await pendingRows(productId)).toBe(3);
    expect(listed.map((p) => p.length)).toEqual([2, 2, 2]);
    expectExactChain(listed.flat());
    expect(listed.flat()[0]?.quantityAfter).toBe(2);
  }, 30_000);

  it('lists and settles a product the code before left with a journal, and drops the journal once', async () => {
    const productId = id('legacy');
    const at = new Date().toISOString();
    const entry = (delta: number, reason: string): MovementEntry => ({
      movementId: newId('mov_'),
      delta,
      reason,
      reference: null,
      actor: 'client:admin',
      at,
    });
    const [initial, sold, counted, more] = [
      entry(6, 'initial'),
      entry(-1, 'sale'),
      entry(3, 'count'),
      entry(-2, 'sale'),
    ];
    // As the code before left it: versions 1-2 settled, 3-4 still in the journal, no slots.
    for (const [version, e, after] of [
      [1, initial, 6],
      [2, sold, 5],
    ] as const) {
      await dynamo.send(
        new PutCommand({
          TableName: table(),
          Item: settledItem({ ...e, productId, version, quantityAfter: after }),
        }),
      );
    }
    await dynamo.send(
      new PutCommand({
        TableName: table(),
        Item: {
          ...productKey(productId),
          gsi1pk: PRODUCTS_INDEX_PK,
          gsi1sk: productId,
          productId,
          sku: 'S',
          name: 'N',
          quantity: 6,
          reorderPoint: 0,
          reorderQuantity: 0,
          version: 4,
          updatedAt: at,
          journal: [counted, more],
          writtenBy: 'stock',
        },
      }),
    );
    const legacy = await pages(productId, 100);
    await reserve(productId, 1);
    const mixed = await pages(productId, 3);

    await makeSettleLedger(inventory.deps)(await streamImages(table(), productId));

    const settled = await pages(productId, 100);
    expect(legacy.flat().map((m) => [m.version, m.reason, m.quantityAfter])).toEqual([
      [4, 'sale', 6],
      [3, 'count', 8],
      [2, 'sale', 5],
      [1, 'initial', 6],
    ]);
    expectExactChain(mixed.flat());
    expect(mixed.flat()[0]).toMatchObject({ version: 5, reason: 'reservation', quantityAfter: 5 });
    expect(settled.flat()).toEqual(mixed.flat());
    expect((await rawItem(productId)).journal).toBeUndefined();
    expect(await pendingRows(productId)).toBe(0);
  }, 30_000);

  it('keeps the actor of each movement through the settle; one recorded before actors reads as null', async () => {
    const { deps, allMovements } = inventory;
    const productId = id('actors');
    await inventory.createProduct(productId, 2);
    await reserve(productId, 1);
    const listed = await allMovements(productId);
    await makeSettleLedger(deps)(await streamImages(table(), productId));
    // A row as the code before actors wrote it: no actor attribute.
    await dynamo.send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: productKey(productId).pk, sk: 'MOVEMENT#000000000001' },
        UpdateExpression: 'REMOVE actor',
      }),
    );

    const settled = await allMovements(productId);

    expect(listed.map((m) => m.actor)).toEqual(['service:sales', 'client:admin']);
    expect(settled.map((m) => [m.reason, m.actor])).toEqual([
      ['reservation', 'service:sales'],
      ['initial', null],
    ]);
    expectExactChain(settled);
  }, 30_000);

  it('answers 400 for a cursor of another listing, which has the right attributes but another partition', async () => {
    const { deps } = inventory;
    const [a, b] = [id('cur-a'), id('cur-b')];
    for (const productId of [a, b]) {
      await inventory.createProduct(productId, 5);
      await change(productId, -1);
    }
    const ofA = (await deps.ledger.listMovements(a, 1))!.nextCursor!;
    const ofOrders = encodeCursor({
      pk: 'ORDER#o1',
      sk: 'ORDER',
      gsi1pk: 'CUSTOMER#c1',
      gsi1sk: '2026-01-01T00:00:00.000Z#o1',
    })!;

    await expect(deps.ledger.listMovements(b, 1, ofA)).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(deps.products.listProducts(1, ofOrders)).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(deps.reorders.listReorders(1, ofOrders)).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});

// A table of its own: its stream's thousand records would slow down reading the others' streams.
describe('a hot product on DynamoDB Local', () => {
  beforeAll(async () => {
    await inventory.table.drop();
    inventory = await privateInventory();
  });

  it('keeps the product item under 2 KB and a change at the same write units through 1,000 changes, with no settle', async () => {
    const productId = id('size');
    await inventory.createProduct(productId, 5000);
    // What one reservation line writes: the product update and its pending row.
    const measured = async () => {
      const entry: MovementEntry = {
        movementId: newId('mov_'),
        delta: -1,
        reason: 'reservation',
        reference: newId('ord_'),
        actor: 'service:sales',
        at: new Date().toISOString(),
      };
      const plain = await dynamo.send(
        new UpdateCommand({ ...stockUpdate(table(), { productId, entry }), ReturnConsumedCapacity: 'TOTAL' }),
      );
      await dynamo.send(new PutCommand({ TableName: table(), Item: pendingItem({ productId, entry }) }));
      const second = { ...entry, movementId: newId('mov_') };
      const transaction = await dynamo.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: stockUpdate(table(), { productId, entry: second }) },
            { Put: { TableName: table(), Item: pendingItem({ productId, entry: second }) } },
          ],
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      return {
        plain: plain.ConsumedCapacity?.CapacityUnits,
        transaction: transaction.ConsumedCapacity?.[0]?.CapacityUnits,
        size: itemSize(await rawItem(productId)),
      };
    };

    const first = await measured();
    // The changes between: single updates with their pending rows (the same item a reservation writes).
    await mapConcurrently(
      Array.from({ length: 996 }, (_, i) => i),
      8,
      () => change(productId, -1),
    );
    const last = await measured();

    expect((await inventory.deps.products.getProduct(productId))?.version).toBe(1001);
    expect(await pendingRows(productId)).toBe(1001);
    expect(last.plain).toBe(first.plain);
    expect(last.transaction).toBe(first.transaction);
    expect(last.size).toBeLessThanOrEqual(2048);
    // The numbers' digits alone differ (quantity, version).
    expect(Math.abs(last.size - first.size)).toBeLessThanOrEqual(4);
    // Still listed at once, exactly at the top however far the settle is behind.
    const top = (await inventory.deps.ledger.listMovements(productId, 10))!.items;
    expect(top.map((m) => m.quantityAfter)).toEqual([
      4000, 4001, 4002, 4003, 4004, 4005, 4006, 4007, 4008, 4009,
    ]);
    expect(top.map((m) => m.version)).toEqual([1001, 1000, 999, 998, 997, 996, 995, 994, 993, 992]);
  }, 120_000);
});
