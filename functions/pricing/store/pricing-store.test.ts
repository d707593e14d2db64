import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableOf } from '#lib/catalogue/index.ts';
import { dynamo } from '#lib/dynamodb.ts';
import { newId } from '#lib/ids.ts';
import type { PriceRecord, StoredPromotion } from '../use-cases/ports.ts';
import { historySk, linkKey, promotionKey } from './keys.ts';
import { DynamoPricingStore } from './pricing-store.ts';

// Runs against the DynamoDB Local of the test runtime; unique ids keep tests apart.
const tableName = tableOf('pricing').name;
const store = new DynamoPricingStore(tableName);

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
});

const promotion = (productIds: string[], overrides: Partial<StoredPromotion> = {}): StoredPromotion => ({
  promotionId: newId('promo_'),
  name: 'Test promotion',
  productIds,
  discount: { percentOff: 10 },
  startsAt: '2030-01-01T10:00:00.000Z',
  endsAt: '2030-01-01T12:00:00.000Z',
  endedAt: null,
  createdAt: '2029-12-31T00:00:00.000Z',
  phase: 'SCHEDULED',
  rev: 1,
  ...overrides,
});

describe('DynamoPricingStore prices', () => {
  it('writes a first price only when none exists, then only at the version read', async () => {
    const productId = newId('p-');
    expect(await store.writePrice({ next: price(productId, 1), expectedVersion: null })).toBe(true);
    expect(await store.writePrice({ next: price(productId, 1, 2000), expectedVersion: null })).toBe(false);
    expect(await store.writePrice({ next: price(productId, 2, 3000), expectedVersion: 1 })).toBe(true);
    expect(await store.writePrice({ next: price(productId, 3, 4000), expectedVersion: 1 })).toBe(false);

    const { price: stored } = await store.readPriceState(productId);
    expect(stored).toMatchObject({ listAmount: 3000, version: 2 });
  });

  it('keeps nothing of a write whose version condition fails (history included)', async () => {
    const productId = newId('p-');
    await store.writePrice({
      next: price(productId, 1),
      expectedVersion: null,
      history: history(1, 1000, null),
    });

    const lost = await store.writePrice({
      next: price(productId, 2, 5000),
      expectedVersion: 7,
      history: history(2, 5000, 1000),
    });

    expect(lost).toBe(false);
    const { Item } = await dynamo.send(
      new GetCommand({ TableName: tableName, Key: { pk: `PRICEHIST#${productId}`, sk: historySk(2) } }),
    );
    expect(Item).toBeUndefined();
    expect((await store.readPriceState(productId)).price?.listAmount).toBe(1000);
  });

  it('lists history newest first across pages', async () => {
    const productId = newId('p-');
    await store.writePrice({
      next: price(productId, 1, 100),
      expectedVersion: null,
      history: history(1, 100, null),
    });
    for (let v = 2; v <= 12; v++) {
      await store.writePrice({
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
    expect(first.items[0]).toMatchObject({ amount: 1200, previousAmount: 1100, currency: 'BRL' });
    expect(third.items.at(-1)).toMatchObject({ amount: 100, previousAmount: null });
  });

  it('tells which products have a price', async () => {
    const priced = newId('p-');
    const unpriced = newId('p-');
    await store.writePrice({ next: price(priced, 1), expectedVersion: null });

    expect(await store.pricedProducts([priced, unpriced])).toEqual(new Set([priced]));
  });
});

describe('DynamoPricingStore promotions', () => {
  it('stores a promotion with a link on each product, due at its start', async () => {
    const products = [newId('p-'), newId('p-')];
    const promo = promotion(products);

    await store.createPromotion(promo);

    expect(await store.getPromotion(promo.promotionId)).toEqual(promo);
    for (const productId of products) {
      const { links } = await store.readPriceState(productId);
      expect(links).toEqual([
        { promotionId: promo.promotionId, startsAt: promo.startsAt, endsAt: promo.endsAt },
      ]);
    }
    const { Item } = await dynamo.send(
      new GetCommand({ TableName: tableName, Key: promotionKey(promo.promotionId) }),
    );
    expect(Item).toMatchObject({ gsi1pk: 'PROMO#DUE', gsi1sk: promo.startsAt });
  });

  it('stores a link for each of 100 products (more than one transaction holds)', async () => {
    const products = Array.from({ length: 100 }, () => newId('p-'));
    const promo = promotion(products);

    await store.createPromotion(promo);

    const last = products.at(-1)!;
    const { Item } = await dynamo.send(
      new GetCommand({ TableName: tableName, Key: linkKey(last, promo.promotionId) }),
    );
    expect(Item).toBeDefined();
    const stored = await Promise.all(
      products.map((productId) =>
        dynamo.send(new GetCommand({ TableName: tableName, Key: linkKey(productId, promo.promotionId) })),
      ),
    );
    expect(stored.filter(({ Item: link }) => link === undefined)).toHaveLength(0);
  });

  it('finds due promotions by their next transition and forgets them once ended', async () => {
    // Far-future times keep this test's promotions apart from everyone else's due ones.
    const startsAt = '2999-01-01T10:00:00.000Z';
    const promo = promotion([newId('p-')], { startsAt, endsAt: '2999-01-01T12:00:00.000Z' });
    await store.createPromotion(promo);
    const dueIds = async (now: string) => (await store.duePromotions(now, 100)).map((p) => p.promotionId);

    expect(await dueIds('2999-01-01T09:59:59.999Z')).not.toContain(promo.promotionId);
    expect(await dueIds(startsAt)).toContain(promo.promotionId);

    expect(await store.advancePromotion(promo.promotionId, 1, 'ACTIVE', promo.endsAt)).toBe(true);
    expect(await dueIds('2999-01-01T11:00:00.000Z')).not.toContain(promo.promotionId);
    expect(await dueIds(promo.endsAt)).toContain(promo.promotionId);

    expect(await store.advancePromotion(promo.promotionId, 2, 'ENDED', null)).toBe(true);
    expect(await dueIds('2999-12-31T00:00:00.000Z')).not.toContain(promo.promotionId);
  });

  it('advances and ends only at the revision read, and ends only once', async () => {
    const promo = promotion([newId('p-')]);
    await store.createPromotion(promo);

    expect(await store.advancePromotion(promo.promotionId, 1, 'ACTIVE', promo.endsAt)).toBe(true);
    expect(await store.advancePromotion(promo.promotionId, 1, 'ENDED', null)).toBe(false);
    expect(await store.endPromotion(promo.promotionId, 1, '2030-01-01T11:00:00.000Z')).toBe(false);
    expect(await store.endPromotion(promo.promotionId, 2, '2030-01-01T11:00:00.000Z')).toBe(true);
    expect(await store.endPromotion(promo.promotionId, 3, '2030-01-01T11:30:00.000Z')).toBe(false);

    expect(await store.getPromotion(promo.promotionId)).toMatchObject({
      phase: 'ACTIVE',
      endedAt: '2030-01-01T11:00:00.000Z',
      rev: 3,
    });
  });

  it('lists promotions newest first with a cursor', async () => {
    const older = promotion([newId('p-')]);
    await store.createPromotion(older);
    const newer = promotion([newId('p-')]);
    await store.createPromotion(newer);

    // Other tests add promotions concurrently: page (2 at a time) until both of ours have been seen.
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listPromotions(2, cursor);
      ids.push(...page.items.map((p) => p.promotionId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && !ids.includes(older.promotionId));

    expect(ids).toContain(newer.promotionId);
    expect(ids.indexOf(newer.promotionId)).toBeLessThan(ids.indexOf(older.promotionId));
  });
});
