import { newId } from '#lib/ids.ts';
import { makeApplyDuePromotions } from './apply-due-promotions.ts';
import { makeApplyPromotion } from './apply-promotion.ts';
import { makeCreatePromotion } from './create-promotion.ts';
import { makeEndPromotion } from './end-promotion.ts';
import { CountingMetrics, FakeClock, fakeStores, RecordingLogger, sequentialIds } from './fakes.ts';
import { makeGetPrice } from './get-price.ts';
import { makeListPriceHistory } from './list-price-history.ts';
import { makeReconcilePrice } from './reconcile-price.ts';
import { makeSetPrice } from './set-price.ts';

/** The use cases wired to the in-memory stores and a clock the test moves. */
function setup() {
  const clock = new FakeClock('2040-01-01T10:00:00.000Z');
  const { prices, promotions } = fakeStores();
  const metrics = new CountingMetrics();
  const deps = { prices, promotions, clock, metrics, newId: sequentialIds() };
  const reconcile = makeReconcilePrice(deps);
  const applyPromotion = makeApplyPromotion({ ...deps, reconcile });
  return {
    metrics,
    // The events of the writes that committed: exactly what the outbox received.
    events: prices.events,
    eventsOf: (productId: string) =>
      prices.events.filter((e) => e.data.productId === productId).map((e) => e.data),
    at: (iso: string) => clock.at(iso),
    setPrice: makeSetPrice(deps),
    getPrice: makeGetPrice(deps),
    history: makeListPriceHistory(deps),
    createPromotion: makeCreatePromotion({ ...deps, applyPromotion }),
    endPromotion: makeEndPromotion({ ...deps, applyPromotion }),
    applyPromotion,
    tick: makeApplyDuePromotions({ ...deps, applyPromotion, logger: new RecordingLogger() }),
  };
}

const cid = 'test-correlation';
const price = (productId: string, amount: number) => ({
  productId,
  amount,
  currency: 'BRL',
  correlationId: cid,
  actor: 'user:gerente',
});

describe('list prices', () => {
  it('versions every change, keeps its history and announces it; the same price again is no change', async () => {
    const t = setup();
    const productId = newId('p-');

    const first = await t.setPrice(price(productId, 1990));
    await t.setPrice(price(productId, 1990));
    const second = await t.setPrice(price(productId, 2490));

    expect(first).toMatchObject({ amount: 1990, listAmount: 1990, version: 1, promotion: null });
    expect(second).toMatchObject({ amount: 2490, listAmount: 2490, version: 2 });
    expect(t.eventsOf(productId)).toEqual([
      expect.objectContaining({ amount: 1990, listAmount: 1990, version: 1, promotionId: null }),
      expect.objectContaining({ amount: 2490, listAmount: 2490, version: 2, promotionId: null }),
    ]);
    const { items } = await t.history(productId, 25, undefined);
    expect(items).toEqual([
      expect.objectContaining({ amount: 2490, previousAmount: 1990, version: 2 }),
      expect.objectContaining({ amount: 1990, previousAmount: null, version: 1 }),
    ]);
    expect(t.metrics.of('PriceChanged')).toBe(2);
  });

  it('gives concurrent changes distinct, gap-free versions, one event each', async () => {
    const t = setup();
    const productId = newId('p-');

    await Promise.all(Array.from({ length: 8 }, (_, i) => t.setPrice(price(productId, 1000 + i))));

    const versions = t
      .eventsOf(productId)
      .map((e) => e.version)
      .sort((a, b) => a - b);
    expect(versions).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect((await t.getPrice(productId)).version).toBe(8);
    expect(t.metrics.of('PriceChanged')).toBe(8);
  });

  it('answers 404 for a product without a price', async () => {
    const t = setup();
    await expect(t.getPrice(newId('p-'))).rejects.toMatchObject({ code: 'not_found' });
    await expect(t.history(newId('p-'), 25, undefined)).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('scheduled promotions', () => {
  it('start and end at their times: read-time price at once, one event per transition however often applied', async () => {
    const t = setup();
    const productId = newId('p-');
    await t.setPrice(price(productId, 1000));
    const promo = await t.createPromotion({
      name: 'Ten off',
      productIds: [productId],
      discount: { percentOff: 10 },
      startsAt: '2040-01-01T11:00:00Z',
      endsAt: '2040-01-01T12:00:00Z',
      correlationId: cid,
      actor: 'user:gerente',
    });
    expect(promo.status).toBe('SCHEDULED');
    expect(t.eventsOf(productId)).toHaveLength(1);
    expect(t.metrics.of('PromotionCreated')).toBe(1);

    t.at('2040-01-01T11:00:00.000Z');
    // Before any tick, the read already shows the promotion.
    expect(await t.getPrice(productId)).toMatchObject({
      amount: 900,
      listAmount: 1000,
      version: 1,
      promotion: { promotionId: promo.promotionId, name: 'Ten off', endsAt: '2040-01-01T12:00:00.000Z' },
    });
    await Promise.all([t.applyPromotion(promo.promotionId, cid), t.applyPromotion(promo.promotionId, cid)]);
    await t.applyPromotion(promo.promotionId, cid);
    expect((await t.getPrice(productId)).version).toBe(2);

    t.at('2040-01-01T12:00:00.000Z');
    await Promise.all([t.applyPromotion(promo.promotionId, cid), t.applyPromotion(promo.promotionId, cid)]);

    expect(t.eventsOf(productId)).toEqual([
      expect.objectContaining({ amount: 1000, version: 1, promotionId: null }),
      expect.objectContaining({ amount: 900, listAmount: 1000, version: 2, promotionId: promo.promotionId }),
      expect.objectContaining({ amount: 1000, listAmount: 1000, version: 3, promotionId: null }),
    ]);
    expect(await t.getPrice(productId)).toMatchObject({ amount: 1000, promotion: null, version: 3 });
  });

  it('lets the lowest of overlapping promotions win, and a list change keeps the promotion', async () => {
    const t = setup();
    const productId = newId('p-');
    await t.setPrice(price(productId, 1000));
    const window = {
      startsAt: '2040-01-01T09:00:00Z',
      endsAt: '2040-01-01T12:00:00Z',
      correlationId: cid,
      actor: 'user:gerente',
    };
    await t.createPromotion({
      name: 'ten',
      productIds: [productId],
      discount: { percentOff: 10 },
      ...window,
    });
    const best = await t.createPromotion({
      name: '250',
      productIds: [productId],
      discount: { amountOff: 250 },
      ...window,
    });

    expect(await t.getPrice(productId)).toMatchObject({
      amount: 750,
      promotion: { promotionId: best.promotionId },
    });
    const changed = await t.setPrice(price(productId, 2000));
    expect(changed).toMatchObject({
      amount: 1750,
      listAmount: 2000,
      promotion: { promotionId: best.promotionId },
    });
    expect(t.eventsOf(productId).map((e) => [e.amount, e.version])).toEqual([
      [1000, 1],
      [900, 2],
      [750, 3],
      [1750, 4],
    ]);
  });

  it('ends now on DELETE, announces the price going back, and answers the same when repeated', async () => {
    const t = setup();
    const productId = newId('p-');
    await t.setPrice(price(productId, 1000));
    const promo = await t.createPromotion({
      name: 'half',
      productIds: [productId],
      discount: { percentOff: 50 },
      startsAt: '2040-01-01T09:00:00Z',
      endsAt: '2040-01-01T12:00:00Z',
      correlationId: cid,
      actor: 'user:gerente',
    });
    expect(promo.status).toBe('ACTIVE');

    t.at('2040-01-01T10:30:00.000Z');
    const ended = await t.endPromotion(promo.promotionId, cid, 'user:gerente');
    const again = await t.endPromotion(promo.promotionId, cid, 'user:gerente');

    expect(ended).toMatchObject({ status: 'ENDED', endedAt: '2040-01-01T10:30:00.000Z' });
    expect(again).toEqual(ended);
    expect(t.eventsOf(productId).map((e) => [e.amount, e.version, e.promotionId])).toEqual([
      [1000, 1, null],
      [500, 2, promo.promotionId],
      [1000, 3, null],
    ]);
    await expect(t.endPromotion(newId('promo_'), cid, 'user:gerente')).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('refuses products without a list price, naming them, and stores nothing', async () => {
    const t = setup();
    const priced = newId('p-');
    const unpriced = newId('p-');
    await t.setPrice(price(priced, 1000));

    const attempt = t.createPromotion({
      name: 'x',
      productIds: [priced, unpriced],
      discount: { amountOff: 1 },
      startsAt: '2040-01-01T09:00:00Z',
      endsAt: '2040-01-01T12:00:00Z',
      correlationId: cid,
      actor: 'user:gerente',
    });

    await expect(attempt).rejects.toMatchObject({
      code: 'not_found',
      errors: [expect.objectContaining({ path: 'body.productIds.1', productId: unpriced })],
    });
    expect(await t.getPrice(priced)).toMatchObject({ amount: 1000, promotion: null, version: 1 });
  });

  it('refuses a promotion that would already be over', async () => {
    const t = setup();
    const productId = newId('p-');
    await t.setPrice(price(productId, 1000));
    await expect(
      t.createPromotion({
        name: 'late',
        productIds: [productId],
        discount: { amountOff: 1 },
        startsAt: '2040-01-01T08:00:00Z',
        endsAt: '2040-01-01T09:00:00Z',
        correlationId: cid,
        actor: 'user:gerente',
      }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      errors: [expect.objectContaining({ path: 'body.endsAt' })],
    });
  });
});

describe('the schedule', () => {
  it('starts and ends a promotion at its times on its own, one change per transition', async () => {
    const t = setup();
    const productId = newId('p-');
    await t.setPrice(price(productId, 1000));
    await t.createPromotion({
      name: 'Ten off',
      productIds: [productId],
      discount: { percentOff: 10 },
      startsAt: '2040-01-01T11:00:00Z',
      endsAt: '2040-01-01T12:00:00Z',
      correlationId: cid,
      actor: 'user:gerente',
    });

    expect(await t.tick()).toEqual({ promotions: 0, changed: 0 });
    t.at('2040-01-01T11:00:00.000Z');
    expect(await t.tick()).toEqual({ promotions: 1, changed: 1 });
    expect(await t.tick()).toEqual({ promotions: 0, changed: 0 });
    t.at('2040-01-01T12:00:00.000Z');
    expect(await t.tick()).toEqual({ promotions: 1, changed: 1 });
    t.at('2040-01-01T13:00:00.000Z');
    expect(await t.tick()).toEqual({ promotions: 0, changed: 0 });

    expect(t.eventsOf(productId).map((e) => [e.amount, e.version])).toEqual([
      [1000, 1],
      [900, 2],
      [1000, 3],
    ]);
  });
});
