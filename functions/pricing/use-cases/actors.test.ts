import { newId } from '#lib/ids.ts';
import { SCHEDULE_ACTOR, type StoredPromotion } from '../domain/promotion.ts';
import { makeApplyDuePromotions } from './apply-due-promotions.ts';
import { makeApplyPromotion } from './apply-promotion.ts';
import { makeCreatePromotion, type NewPromotion } from './create-promotion.ts';
import { makeEndPromotion } from './end-promotion.ts';
import { CountingMetrics, FakeClock, fakeStores, RecordingLogger, sequentialIds } from './fakes.ts';
import { makeListPriceHistory } from './list-price-history.ts';
import { makeListPromotions } from './list-promotions.ts';
import { makeReconcilePrice } from './reconcile-price.ts';
import { makeSetPrice } from './set-price.ts';

/** Who changed what: the actor on every history entry, promotion and PriceChanged, for each kind of change. */
function setup() {
  const clock = new FakeClock('2040-01-01T10:00:00.000Z');
  const { prices, promotions } = fakeStores();
  const deps = { prices, promotions, clock, metrics: new CountingMetrics(), newId: sequentialIds() };
  const applyPromotion = makeApplyPromotion({ ...deps, reconcile: makeReconcilePrice(deps) });
  const createPromotion = makeCreatePromotion({ ...deps, applyPromotion });
  const setPrice = makeSetPrice(deps);
  return {
    promotions,
    at: (iso: string) => clock.at(iso),
    /** [amount, version, actor] of the product's PriceChanged events, in the order written. */
    announced: (productId: string) =>
      prices.events
        .filter((e) => e.data.productId === productId)
        .map((e) => [e.data.amount, e.data.version, e.data.actor]),
    setPrice: (productId: string, amount: number, actor: string) =>
      setPrice({ productId, amount, currency: 'BRL', correlationId: 'c', actor }),
    history: makeListPriceHistory(deps),
    createPromotion: (productId: string, actor: string, window: Pick<NewPromotion, 'startsAt' | 'endsAt'>) =>
      createPromotion({
        name: 'Ten off',
        productIds: [productId],
        discount: { percentOff: 10 },
        correlationId: 'c',
        actor,
        ...window,
      }),
    endPromotion: makeEndPromotion({ ...deps, applyPromotion }),
    listPromotions: makeListPromotions(deps),
    tick: makeApplyDuePromotions({ ...deps, applyPromotion, logger: new RecordingLogger() }),
  };
}

const ACTIVE_NOW = { startsAt: '2040-01-01T09:00:00.000Z', endsAt: '2040-01-01T12:00:00.000Z' };
const LATER = { startsAt: '2040-01-01T11:00:00.000Z', endsAt: '2040-01-01T12:00:00.000Z' };

describe('actors of list prices', () => {
  it('records the caller on each history entry and its PriceChanged; the same price again records nothing', async () => {
    const t = setup();
    const productId = newId('p-');

    await t.setPrice(productId, 1000, 'user:gerente');
    await t.setPrice(productId, 1200, 'client:admin');
    await t.setPrice(productId, 1200, 'user:caixa');

    const { items } = await t.history(productId, 25, undefined);
    expect(items.map((h) => [h.amount, h.version, h.actor])).toEqual([
      [1200, 2, 'client:admin'],
      [1000, 1, 'user:gerente'],
    ]);
    expect(t.announced(productId)).toEqual([
      [1000, 1, 'user:gerente'],
      [1200, 2, 'client:admin'],
    ]);
  });

  it('announces a list change under an active promotion as the caller’s', async () => {
    const t = setup();
    const productId = newId('p-');
    await t.setPrice(productId, 1000, 'user:gerente');
    await t.createPromotion(productId, 'user:gerente', ACTIVE_NOW);

    await t.setPrice(productId, 2000, 'client:admin');

    expect(t.announced(productId).at(-1)).toEqual([1800, 3, 'client:admin']);
  });
});

describe('actors of promotions', () => {
  it('a promotion created active now and ended by DELETE: createdBy, endedBy and both PriceChanged are the callers’', async () => {
    const t = setup();
    const productId = newId('p-');
    await t.setPrice(productId, 1000, 'user:gerente');

    const created = await t.createPromotion(productId, 'client:admin', ACTIVE_NOW);
    t.at('2040-01-01T10:30:00.000Z');
    const ended = await t.endPromotion(created.promotionId, 'c', 'user:gerente');
    const again = await t.endPromotion(created.promotionId, 'c', 'client:admin');

    expect(created).toMatchObject({ status: 'ACTIVE', createdBy: 'client:admin', endedBy: null });
    expect(ended).toMatchObject({ status: 'ENDED', createdBy: 'client:admin', endedBy: 'user:gerente' });
    // Ending it again changes nothing: the one who ended it stays the first caller.
    expect(again).toEqual(ended);
    expect((await t.listPromotions(25, undefined)).items).toEqual([ended]);
    expect(t.announced(productId)).toEqual([
      [1000, 1, 'user:gerente'],
      [900, 2, 'client:admin'],
      [1000, 3, 'user:gerente'],
    ]);
  });

  it('a scheduled start and end are the schedule’s (service:pricing); the promotion keeps its creator', async () => {
    const t = setup();
    const productId = newId('p-');
    await t.setPrice(productId, 1000, 'user:gerente');
    const created = await t.createPromotion(productId, 'client:admin', LATER);

    t.at(LATER.startsAt);
    await t.tick();
    t.at(LATER.endsAt);
    await t.tick();

    expect(created).toMatchObject({ status: 'SCHEDULED', createdBy: 'client:admin', endedBy: null });
    expect((await t.listPromotions(25, undefined)).items).toEqual([
      expect.objectContaining({ status: 'ENDED', createdBy: 'client:admin', endedBy: null, endedAt: null }),
    ]);
    expect(t.announced(productId)).toEqual([
      [1000, 1, 'user:gerente'],
      [900, 2, SCHEDULE_ACTOR],
      [1000, 3, SCHEDULE_ACTOR],
    ]);
  });

  it('a DELETE before a scheduled start announces nothing and records who ended it', async () => {
    const t = setup();
    const productId = newId('p-');
    await t.setPrice(productId, 1000, 'user:gerente');
    const created = await t.createPromotion(productId, 'client:admin', LATER);

    const ended = await t.endPromotion(created.promotionId, 'c', 'user:caixa');
    t.at(LATER.startsAt);
    await t.tick();

    expect(ended).toMatchObject({ status: 'ENDED', endedBy: 'user:caixa' });
    expect(t.announced(productId)).toEqual([[1000, 1, 'user:gerente']]);
  });

  it('keeps the caller as the actor when the schedule applies a request’s transition before the request does', async () => {
    const t = setup();
    const productId = newId('p-');
    await t.setPrice(productId, 1000, 'user:gerente');
    // Stored as the request stores it (already due), then the tick gets there first.
    const stored: StoredPromotion = {
      promotionId: newId('promo_'),
      name: 'Raced',
      productIds: [productId],
      discount: { percentOff: 10 },
      ...ACTIVE_NOW,
      endedAt: null,
      createdAt: '2040-01-01T10:00:00.000Z',
      createdBy: 'client:pos',
      endedBy: null,
      phase: 'SCHEDULED',
      rev: 1,
    };
    await t.promotions.create(stored);
    await t.tick();
    // The same for an early end: marked ended by the DELETE, applied by the tick.
    t.at('2040-01-01T10:30:00.000Z');
    const { rev } = (await t.promotions.get(stored.promotionId))!;
    await t.promotions.end(stored.promotionId, rev, '2040-01-01T10:30:00.000Z', 'user:caixa');
    await t.tick();

    expect(t.announced(productId)).toEqual([
      [1000, 1, 'user:gerente'],
      [900, 2, 'client:pos'],
      [1000, 3, 'user:caixa'],
    ]);
  });
});
