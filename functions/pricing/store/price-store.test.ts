import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#lib/dynamodb/client.ts';
import { newId } from '#lib/ids.ts';
import { createPrivateTable, type PrivateTable } from '#test/support/private-table.ts';
import type { PriceRecord } from '../domain/price.ts';
import type { PriceStore } from '../ports.ts';
import { FakePriceStore } from '../use-cases/fakes.ts';
import { historyPk, historySk } from './keys.ts';
import { DynamoPriceStore } from './price-store.ts';

// A private copy of Pricing's table on the test DynamoDB Local; unique ids keep tests apart.
let table: PrivateTable;
beforeAll(async () => {
  table = await createPrivateTable('pricing');
});
afterAll(async () => {
  await table.drop();
});

const price = (productId: string, version: number, listAmount = 1000): PriceRecord => ({
  productId,
  listAmount,
  currency: 'BRL',
  amount: listAmount,
  promotionId: null,
  version,
  updatedAt: new Date().toISOString(),
});

const history = (version: number, amount: number, previousAmount: number | null) => ({
  amount,
  currency: 'BRL',
  previousAmount,
  changedAt: new Date(Date.UTC(2030, 0, 1, 0, 0, version)).toISOString(),
  version,
  actor: `user:clerk-${version}`,
});

// The adapter and the use cases' fake keep one contract.
describe.each([
  ['DynamoPriceStore', (): PriceStore => new DynamoPriceStore(dynamo, table.name)],
  ['FakePriceStore', (): PriceStore => new FakePriceStore()],
])('%s', (_name, makeStore) => {
  let store: PriceStore;
  beforeAll(() => {
    store = makeStore();
  });

  it('writes a first price only when none exists, then only at the version read', async () => {
    const productId = newId('p-');
    expect(await store.write({ next: price(productId, 1), expectedVersion: null })).toBe(true);
    expect(await store.write({ next: price(productId, 1, 2000), expectedVersion: null })).toBe(false);
    expect(await store.write({ next: price(productId, 2, 3000), expectedVersion: 1 })).toBe(true);
    expect(await store.write({ next: price(productId, 3, 4000), expectedVersion: 1 })).toBe(false);

    const { price: stored } = await store.readState(productId);
    expect(stored).toMatchObject({ listAmount: 3000, version: 2 });
  });

  it('keeps nothing of a write whose version condition fails (history included)', async () => {
    const productId = newId('p-');
    await store.write({ next: price(productId, 1), expectedVersion: null, history: history(1, 1000, null) });

    const lost = await store.write({
      next: price(productId, 2, 5000),
      expectedVersion: 7,
      history: history(2, 5000, 1000),
    });

    expect(lost).toBe(false);
    expect((await store.listHistory(productId, 25, undefined)).items.map((h) => h.version)).toEqual([1]);
    expect((await store.readState(productId)).price?.listAmount).toBe(1000);
  });

  it('lets exactly one of concurrent writers at the same version through, and fails none', async () => {
    const productId = newId('p-');
    await store.write({ next: price(productId, 1), expectedVersion: null });

    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        store.write({ next: price(productId, 2, 2000 + i), expectedVersion: 1 }),
      ),
    );

    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await store.readState(productId)).price?.version).toBe(2);
  });

  it('lists history newest first across pages', async () => {
    const productId = newId('p-');
    await store.write({
      next: price(productId, 1, 100),
      expectedVersion: null,
      history: history(1, 100, null),
    });
    for (let v = 2; v <= 12; v++) {
      await store.write({
        next: price(productId, v, v * 100),
        expectedVersion: v - 1,
        history: history(v, v * 100, (v - 1) * 100),
      });
    }

    const first = await store.listHistory(productId, 5, undefined);
    const second = await store.listHistory(productId, 5, first.nextCursor ?? undefined);
    const third = await store.listHistory(productId, 5, second.nextCursor ?? undefined);

    const versions = [...first.items, ...second.items, ...third.items].map((h) => h.version);
    expect(versions).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(third.nextCursor).toBeNull();
    expect(first.items[0]).toMatchObject({
      amount: 1200,
      previousAmount: 1100,
      currency: 'BRL',
      actor: 'user:clerk-12',
    });
    expect(third.items.at(-1)).toMatchObject({ amount: 100, previousAmount: null });
  });

  it('tells which products have a price', async () => {
    const priced = newId('p-');
    const unpriced = newId('p-');
    await store.write({ next: price(priced, 1), expectedVersion: null });

    expect(await store.pricedProducts([priced, unpriced])).toEqual(new Set([priced]));
  });

  it('reads a product never priced as no price and no links', async () => {
    expect(await store.readState(newId('p-'))).toEqual({ price: undefined, links: [] });
  });
});

describe('DynamoPriceStore items', () => {
  it('writes no history row for a write whose version condition fails', async () => {
    const store = new DynamoPriceStore(dynamo, table.name);
    const productId = newId('p-');
    await store.write({ next: price(productId, 1), expectedVersion: null, history: history(1, 1000, null) });

    const lost = await store.write({
      next: price(productId, 2, 5000),
      expectedVersion: 7,
      history: history(2, 5000, 1000),
    });

    expect(lost).toBe(false);
    const { Item } = await dynamo.send(
      new GetCommand({ TableName: table.name, Key: { pk: `PRICEHIST#${productId}`, sk: historySk(2) } }),
    );
    expect(Item).toBeUndefined();
    expect((await store.readState(productId)).price?.listAmount).toBe(1000);
  });
});

describe('DynamoPriceStore history from before actors were recorded', () => {
  it('reads an entry without an actor as actor null', async () => {
    const store = new DynamoPriceStore(dynamo, table.name);
    const productId = newId('p-');
    const { actor: _, ...legacy } = history(1, 1000, null);
    await dynamo.send(
      new PutCommand({
        TableName: table.name,
        Item: { pk: historyPk(productId), sk: historySk(1), ...legacy },
      }),
    );

    expect((await store.listHistory(productId, 25, undefined)).items).toEqual([{ ...legacy, actor: null }]);
  });
});

/** A client whose every transaction is cancelled with these reason codes. */
const cancellingClient = (...codes: string[]) =>
  ({
    send: async () => {
      throw Object.assign(new Error('Transaction cancelled'), {
        name: 'TransactionCanceledException',
        CancellationReasons: codes.map((Code) => ({ Code })),
      });
    },
  }) as unknown as DynamoDBDocumentClient;

describe('DynamoPriceStore cancelled writes', () => {
  const write = (db: DynamoDBDocumentClient) =>
    new DynamoPriceStore(db, 'pricing').write({ next: price('p-1', 2), expectedVersion: 1 });

  it('answers a concurrent transaction on the same price like a lost condition, for the caller to re-read', async () => {
    expect(await write(cancellingClient('TransactionConflict', 'None'))).toBe(false);
    expect(await write(cancellingClient('None', 'ConditionalCheckFailed'))).toBe(false);
  });

  it('fails on any other cancellation', async () => {
    await expect(write(cancellingClient('ItemCollectionSizeLimitExceeded', 'None'))).rejects.toThrow(
      'ItemCollectionSizeLimitExceeded',
    );
  });
});
