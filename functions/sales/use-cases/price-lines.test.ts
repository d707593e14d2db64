import type { AppError } from '#lib/errors.ts';
import { CountingMetrics, FakeClock, FakePriceCache, FakePricing } from './fakes.ts';
import { makePriceSource } from './price-lines.ts';

function setup() {
  const clock = new FakeClock();
  const pricing = new FakePricing();
  const cache = new FakePriceCache();
  const metrics = new CountingMetrics();
  const source = makePriceSource({
    cache,
    pricing,
    clock,
    metrics,
    policy: { freshMs: 1000, maxAgeMs: 60_000 },
  });
  return { clock, pricing, cache, metrics, source };
}

const entry = (amount: number, version: number, at: string) => ({
  productId: 'p1',
  amount,
  currency: 'BRL',
  listAmount: amount,
  version,
  fetchedAt: at,
  currentAt: at,
});

describe('price source', () => {
  it('asks Pricing on a miss and caches the answer with its version', async () => {
    const { source, pricing, cache, metrics } = setup();
    pricing.set('p1', 1899, 3);

    const prices = await source.unitPrices(['p1'], 'corr');

    expect(prices.get('p1')).toBe(1899);
    expect(cache.entries.get('p1')).toMatchObject({ amount: 1899, version: 3 });
    expect(metrics.of('PriceCacheMiss')).toBe(1);
  });

  it('charges a cached price verified within the freshness window without asking Pricing', async () => {
    const { source, pricing, clock, metrics } = setup();
    pricing.set('p1', 1899);
    await source.unitPrices(['p1'], 'corr');
    clock.advance(500);

    await source.unitPrices(['p1'], 'corr');

    expect(pricing.calls).toBe(1);
    expect(metrics.of('PriceCacheHit')).toBe(1);
  });

  it('charges a new price set after the cache was filled once the window has passed, even without an event', async () => {
    const { source, pricing, clock } = setup();
    pricing.set('p1', 1899, 1);
    await source.unitPrices(['p1'], 'corr');
    pricing.set('p1', 2100, 2);
    clock.advance(1000);

    const prices = await source.unitPrices(['p1'], 'corr');

    expect(prices.get('p1')).toBe(2100);
  });

  it('falls back to a cached price younger than the max age when Pricing is down', async () => {
    const { source, pricing, cache, clock, metrics } = setup();
    cache.entries.set('p1', entry(1500, 2, new Date(clock.time - 30_000).toISOString()));
    pricing.down = true;

    const prices = await source.unitPrices(['p1'], 'corr');

    expect(prices.get('p1')).toBe(1500);
    expect(metrics.of('PriceCacheFallback')).toBe(1);
  });

  it('answers price_unavailable when Pricing is down and the cached price is too old', async () => {
    const { source, pricing, cache, clock } = setup();
    cache.entries.set('p1', entry(1500, 2, new Date(clock.time - 61_000).toISOString()));
    pricing.down = true;

    await expect(source.unitPrices(['p1'], 'corr')).rejects.toMatchObject({
      code: 'price_unavailable',
      status: 503,
    });
  });

  it('answers conflict naming a product Pricing has no price for', async () => {
    const { source, pricing } = setup();
    pricing.set('p1', 100);

    const error = (await source.unitPrices(['p1', 'ghost'], 'corr').catch((e: unknown) => e)) as AppError;

    expect(error.code).toBe('conflict');
    expect(error.errors).toEqual([expect.objectContaining({ productId: 'ghost' })]);
  });

  it('lets Pricing take longer only when no cached price could stand in for its answer', async () => {
    const { source, pricing, cache, clock } = setup();
    pricing.set('p1', 100);
    pricing.set('p2', 200);
    cache.entries.set('p1', entry(100, 1, new Date(clock.time - 30_000).toISOString()));

    await source.unitPrices(['p1'], 'corr');
    await source.unitPrices(['p1', 'p2'], 'corr');

    expect(pricing.patience).toEqual([false, true]);
  });

  it('asks Pricing once for all the lines it does not trust, however many there are', async () => {
    const { source, pricing, cache, clock } = setup();
    for (const id of ['p1', 'p2', 'p3']) pricing.set(id, 100);
    cache.entries.set('p2', { ...entry(100, 1, new Date(clock.time).toISOString()), productId: 'p2' });

    await source.unitPrices(['p1', 'p2', 'p3'], 'corr');

    expect(pricing.requested).toEqual([['p1', 'p3']]);
  });

  it('charges what Pricing answered, and keeps in the cache an event that arrived meanwhile', async () => {
    const { source, pricing, cache, clock } = setup();
    pricing.set('p1', 2000, 4);
    // The change to version 5 lands after the question was asked, before the answer is stored.
    const ask = pricing.currentPrices.bind(pricing);
    pricing.currentPrices = async (ids) => {
      const answer = await ask(ids);
      clock.advance(10);
      cache.entries.set('p1', entry(2500, 5, new Date(clock.time).toISOString()));
      return answer;
    };

    const prices = await source.unitPrices(['p1'], 'corr');

    expect(prices.get('p1')).toBe(2000);
    expect(cache.entries.get('p1')).toMatchObject({ amount: 2500, version: 5 });
  });

  it("lets Pricing's answer replace a higher version known before it was asked: Pricing never had it", async () => {
    const { source, pricing, cache, clock } = setup();
    cache.entries.set('p1', entry(1, 1_000_000_000, new Date(clock.time - 5000).toISOString()));
    pricing.set('p1', 2000, 4);

    const prices = await source.unitPrices(['p1'], 'corr');

    expect(prices.get('p1')).toBe(2000);
    expect(cache.entries.get('p1')).toMatchObject({ amount: 2000, version: 4 });
  });

  it('does not write again an entry Pricing only confirms, and charges it as current for the window', async () => {
    const { source, pricing, cache, clock } = setup();
    const stored = entry(1899, 3, new Date(clock.time - 500).toISOString());
    stored.currentAt = new Date(clock.time - 5000).toISOString();
    cache.entries.set('p1', stored);
    pricing.set('p1', 1899, 3);

    expect((await source.unitPrices(['p1'], 'corr')).get('p1')).toBe(1899);
    clock.advance(500);
    expect((await source.unitPrices(['p1'], 'corr')).get('p1')).toBe(1899);

    expect(cache.entries.get('p1')).toBe(stored);
    expect(pricing.calls).toBe(1);
  });

  it('asks Pricing again once the confirmation is older than the window', async () => {
    const { source, pricing, cache, clock } = setup();
    cache.entries.set('p1', entry(1899, 3, new Date(clock.time - 5000).toISOString()));
    cache.entries.get('p1')!.fetchedAt = new Date(clock.time - 100).toISOString();
    pricing.set('p1', 1899, 3);
    await source.unitPrices(['p1'], 'corr');
    clock.advance(1000);

    await source.unitPrices(['p1'], 'corr');

    expect(pricing.calls).toBe(2);
  });

  it('writes a confirmed entry again once its stored time is a sixtieth of the max age old', async () => {
    const { source, pricing, cache, clock } = setup();
    // maxAgeMs 60 000: a stored entry a second old is written again.
    cache.entries.set('p1', entry(1899, 3, new Date(clock.time - 1000).toISOString()));
    pricing.set('p1', 1899, 3);

    await source.unitPrices(['p1'], 'corr');

    expect(cache.entries.get('p1')?.fetchedAt).toBe(new Date(clock.time).toISOString());
  });

  it('writes an answer whose version differs from the stored entry, however young the entry', async () => {
    const { source, pricing, cache, clock } = setup();
    cache.entries.set('p1', {
      ...entry(1899, 3, new Date(clock.time - 5000).toISOString()),
      fetchedAt: new Date(clock.time - 10).toISOString(),
    });
    pricing.set('p1', 2100, 4);

    expect((await source.unitPrices(['p1'], 'corr')).get('p1')).toBe(2100);

    expect(cache.entries.get('p1')).toMatchObject({ amount: 2100, version: 4 });
  });
});
