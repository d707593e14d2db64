import { makeApplyPromotion } from './apply-promotion.ts';
import { makeCreatePromotion } from './create-promotion.ts';
import { CountingMetrics, FakeClock, fakeStores, sequentialIds } from './fakes.ts';
import { makeGetPrice } from './get-price.ts';
import { makeGetPrices } from './get-prices.ts';
import { makeReconcilePrice } from './reconcile-price.ts';
import { makeSetPrice } from './set-price.ts';

function setup() {
  const clock = new FakeClock('2040-01-01T10:00:00.000Z');
  const { prices, promotions } = fakeStores();
  const deps = { prices, promotions, clock, metrics: new CountingMetrics(), newId: sequentialIds() };
  const applyPromotion = makeApplyPromotion({ ...deps, reconcile: makeReconcilePrice(deps) });
  return {
    setPrice: (productId: string, amount: number) =>
      makeSetPrice(deps)({ productId, amount, currency: 'BRL', correlationId: 'c', actor: 'client:test' }),
    createPromotion: makeCreatePromotion({ ...deps, applyPromotion }),
    getPrice: makeGetPrice(deps),
    getPrices: makeGetPrices(deps),
  };
}

describe('prices of several products in one read', () => {
  it('answers each effective price exactly as the single read does, in the order asked', async () => {
    const t = setup();
    await t.setPrice('p-1', 1000);
    await t.setPrice('p-2', 2000);
    await t.createPromotion({
      name: 'Ten off',
      productIds: ['p-2'],
      discount: { percentOff: 10 },
      startsAt: '2040-01-01T09:00:00Z',
      endsAt: '2040-01-01T12:00:00Z',
      correlationId: 'c',
      actor: 'client:test',
    });

    const both = await t.getPrices(['p-2', 'p-1']);

    expect(both).toEqual([await t.getPrice('p-2'), await t.getPrice('p-1')]);
    expect(both.map((p) => [p.productId, p.amount, p.listAmount])).toEqual([
      ['p-2', 1800, 2000],
      ['p-1', 1000, 1000],
    ]);
  });

  it('leaves out products without a list price instead of failing the whole read', async () => {
    const t = setup();
    await t.setPrice('p-1', 1000);

    const found = await t.getPrices(['unpriced', 'p-1']);

    expect(found.map((p) => p.productId)).toEqual(['p-1']);
  });
});
