import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet } from '#lib/dynamodb/batch.ts';
import { dynamo } from '#lib/dynamodb/client.ts';
import { newId } from '#lib/ids.ts';
import { createPrivateTable, type PrivateTable } from '#test/support/private-table.ts';
import type { StoredPromotion } from '../domain/promotion.ts';
import type { PriceStore, PromotionStore } from '../ports.ts';
import { fakeStores } from '../use-cases/fakes.ts';
import { linkKey, promotionKey } from './keys.ts';
import { DynamoPriceStore } from './price-store.ts';
import { DynamoPromotionStore, toPromotionItem } from './promotion-store.ts';

// A private copy of Pricing's table on the test DynamoDB Local; unique ids keep tests apart.
let table: PrivateTable;
beforeAll(async () => {
  table = await createPrivateTable('pricing');
});
afterAll(async () => {
  await table.drop();
});

/** Ids sort by their millisecond: one per millisecond keeps "created later" = "sorts later". */
let lastMs = 0;
const laterId = () => {
  lastMs = Math.max(lastMs + 1, Date.now());
  return newId('promo_', lastMs);
};

const promotion = (productIds: string[], overrides: Partial<StoredPromotion> = {}): StoredPromotion => ({
  promotionId: laterId(),
  name: 'Test promotion',
  productIds,
  discount: { percentOff: 10 },
  startsAt: '2030-01-01T10:00:00.000Z',
  endsAt: '2030-01-01T12:00:00.000Z',
  endedAt: null,
  createdAt: '2029-12-31T00:00:00.000Z',
  createdBy: 'client:test',
  endedBy: null,
  phase: 'SCHEDULED',
  rev: 1,
  ...overrides,
});

type Stores = { prices: PriceStore; promotions: PromotionStore };
const dynamoStores = (): Stores => ({
  prices: new DynamoPriceStore(dynamo, table.name),
  promotions: new DynamoPromotionStore(dynamo, table.name),
});

// The adapter and the use cases' fake keep one contract.
describe.each([
  ['DynamoPromotionStore', dynamoStores],
  ['FakePromotionStore', (): Stores => fakeStores()],
])('%s', (_name, makeStores) => {
  let prices: PriceStore;
  let store: PromotionStore;
  beforeAll(() => {
    ({ prices, promotions: store } = makeStores());
  });
  const dueIds = async (now: string) => (await store.due(now, 100)).map((p) => p.promotionId);

  it('stores a promotion with a link on each product, due at its start', async () => {
    const products = [newId('p-'), newId('p-')];
    const promo = promotion(products, {
      startsAt: '2998-01-01T10:00:00.000Z',
      endsAt: '2998-01-01T12:00:00.000Z',
    });

    await store.create(promo);

    expect(await store.get(promo.promotionId)).toEqual(promo);
    for (const productId of products) {
      const { links } = await prices.readState(productId);
      expect(links).toEqual([
        { promotionId: promo.promotionId, startsAt: promo.startsAt, endsAt: promo.endsAt },
      ]);
    }
    expect(await dueIds('2998-01-01T09:59:59.999Z')).not.toContain(promo.promotionId);
    expect(await dueIds(promo.startsAt)).toContain(promo.promotionId);
  });

  it('reads many at once, skipping those that do not exist', async () => {
    const a = promotion([newId('p-')]);
    const b = promotion([newId('p-')]);
    await store.create(a);
    await store.create(b);

    const found = await store.getMany([a.promotionId, newId('promo_'), b.promotionId]);

    expect(found.map((p) => p.promotionId).sort()).toEqual([a.promotionId, b.promotionId].sort());
    expect(await store.get(newId('promo_'))).toBeUndefined();
  });

  it('finds due promotions by their next transition and forgets them once ended', async () => {
    // Far-future times keep this test's promotions apart from everyone else's due ones.
    const startsAt = '2999-01-01T10:00:00.000Z';
    const promo = promotion([newId('p-')], { startsAt, endsAt: '2999-01-01T12:00:00.000Z' });
    await store.create(promo);

    expect(await dueIds('2999-01-01T09:59:59.999Z')).not.toContain(promo.promotionId);
    expect(await dueIds(startsAt)).toContain(promo.promotionId);

    expect(await store.advance(promo.promotionId, 1, 'ACTIVE', promo.endsAt)).toBe(true);
    expect(await dueIds('2999-01-01T11:00:00.000Z')).not.toContain(promo.promotionId);
    expect(await dueIds(promo.endsAt)).toContain(promo.promotionId);

    expect(await store.advance(promo.promotionId, 2, 'ENDED', null)).toBe(true);
    expect(await dueIds('2999-12-31T00:00:00.000Z')).not.toContain(promo.promotionId);
  });

  it('advances and ends only at the revision read, and ends only once', async () => {
    const promo = promotion([newId('p-')]);
    await store.create(promo);

    expect(await store.advance(promo.promotionId, 1, 'ACTIVE', promo.endsAt)).toBe(true);
    expect(await store.advance(promo.promotionId, 1, 'ENDED', null)).toBe(false);
    expect(await store.end(promo.promotionId, 1, '2030-01-01T11:00:00.000Z', 'user:gerente')).toBe(false);
    expect(await store.end(promo.promotionId, 2, '2030-01-01T11:00:00.000Z', 'user:gerente')).toBe(true);
    expect(await store.end(promo.promotionId, 3, '2030-01-01T11:30:00.000Z', 'client:admin')).toBe(false);

    expect(await store.get(promo.promotionId)).toMatchObject({
      phase: 'ACTIVE',
      endedAt: '2030-01-01T11:00:00.000Z',
      rev: 3,
      createdBy: 'client:test',
      endedBy: 'user:gerente',
    });
    expect(await store.end(newId('promo_'), 1, '2030-01-01T11:00:00.000Z', 'user:gerente')).toBe(false);
  });

  it('makes an early end due at once', async () => {
    const promo = promotion([newId('p-')], {
      startsAt: '2997-01-01T10:00:00.000Z',
      endsAt: '2997-01-01T12:00:00.000Z',
    });
    await store.create(promo);

    expect(await store.end(promo.promotionId, 1, '2997-01-01T09:00:00.000Z', 'user:gerente')).toBe(true);

    expect(await dueIds('2997-01-01T09:00:00.000Z')).toContain(promo.promotionId);
  });

  it('lists promotions newest first with a cursor', async () => {
    const older = promotion([newId('p-')]);
    await store.create(older);
    const newer = promotion([newId('p-')]);
    await store.create(newer);

    // Other tests add promotions too: page (2 at a time) until both of ours have been seen.
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.list(2, cursor);
      ids.push(...page.items.map((p) => p.promotionId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && !ids.includes(older.promotionId));

    expect(ids).toContain(newer.promotionId);
    expect(ids.indexOf(newer.promotionId)).toBeLessThan(ids.indexOf(older.promotionId));
  });
});

describe('DynamoPromotionStore items', () => {
  const promotions = () => new DynamoPromotionStore(dynamo, table.name);
  const read = async (key: Record<string, string>) =>
    (await dynamo.send(new GetCommand({ TableName: table.name, Key: key }))).Item;

  it('keeps the promotion row in the sparse due index at its start', async () => {
    const promo = promotion([newId('p-')]);

    await promotions().create(promo);

    expect(await read(promotionKey(promo.promotionId))).toMatchObject({
      gsi1pk: 'PROMO#DUE',
      gsi1sk: promo.startsAt,
    });
  });

  it('reads a promotion stored before actors were recorded with createdBy and endedBy null', async () => {
    const promo = promotion([newId('p-')], { endedAt: '2030-01-01T11:00:00.000Z' });
    const { createdBy: _, endedBy: __, ...legacy } = toPromotionItem(promo);
    await dynamo.send(new PutCommand({ TableName: table.name, Item: legacy }));

    expect(await promotions().get(promo.promotionId)).toEqual({ ...promo, createdBy: null, endedBy: null });
  });

  it('stores the actors beside the promotion', async () => {
    const promo = promotion([newId('p-')]);
    await promotions().create(promo);
    await promotions().end(promo.promotionId, 1, '2030-01-01T11:00:00.000Z', 'user:gerente');

    expect(await read(promotionKey(promo.promotionId))).toMatchObject({
      createdBy: 'client:test',
      endedBy: 'user:gerente',
    });
  });

  it('stores a link for each of 100 products (more than one transaction holds)', async () => {
    const products = Array.from({ length: 100 }, () => newId('p-'));
    const promo = promotion(products);

    await promotions().create(promo);

    const last = products.at(-1)!;
    expect(await read(linkKey(last, promo.promotionId))).toBeDefined();
    // One batch read, not 100 reads: this test runs on a shared, busy machine.
    const found = await batchGet(
      dynamo,
      table.name,
      products.map((productId) => linkKey(productId, promo.promotionId)),
      { consistent: true },
    );
    const stored = products.map((productId) => found.find((link) => link.pk === `PRICE#${productId}`));
    expect(stored.filter((link) => link === undefined)).toHaveLength(0);
  }, 20_000);
});
