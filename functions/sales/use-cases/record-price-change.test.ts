import type { Envelope } from '#lib/events/envelope.ts';
import { FakeClock, FakePriceCache } from './fakes.ts';
import { makeRecordPriceChange } from './record-price-change.ts';

const changed = (
  version: number,
  amount: number,
  time: string,
  overrides: { source?: string; currency?: string; effectiveAt?: string } = {},
): Envelope<'PriceChanged'> => ({
  id: `evt-${version}-${time}`,
  type: 'PriceChanged',
  source: (overrides.source ?? 'pricing') as Envelope['source'],
  time,
  correlationId: 'c',
  data: {
    productId: 'p1',
    amount,
    currency: overrides.currency ?? 'BRL',
    listAmount: amount,
    promotionId: null,
    version,
    effectiveAt: overrides.effectiveAt ?? '2025-03-01T11:00:00.000Z',
  },
});

function setup() {
  const cache = new FakePriceCache();
  const clock = new FakeClock('2025-03-01T12:00:00.000Z');
  return { cache, record: makeRecordPriceChange({ cache, clock, currency: 'BRL' }) };
}

describe('recordPriceChange', () => {
  it('caches the price as current when Pricing published it, and keeps the highest version', async () => {
    const { cache, record } = setup();

    const wrote = [
      await record(changed(2, 200, '2025-03-01T11:59:00.000Z')),
      await record(changed(1, 100, '2025-03-01T11:58:00.000Z')),
      await record(changed(2, 200, '2025-03-01T11:59:00.000Z')),
    ];

    expect(wrote).toEqual(['recorded', 'stale', 'stale']);
    expect(cache.entries.get('p1')).toEqual({
      productId: 'p1',
      amount: 200,
      currency: 'BRL',
      listAmount: 200,
      version: 2,
      fetchedAt: '2025-03-01T12:00:00.000Z',
      currentAt: '2025-03-01T11:59:00.000Z',
    });
  });

  it('takes no price from another source, in another currency, or dated beyond the clock skew', async () => {
    const { cache, record } = setup();

    const outcomes = [
      await record(changed(9, 1, '2025-03-01T11:59:00.000Z', { source: 'sales' })),
      await record(changed(9, 1, '2025-03-01T11:59:00.000Z', { currency: 'USD' })),
      await record(changed(9, 1, '2099-01-01T00:00:00.000Z')),
      await record(changed(9, 1, '2025-03-01T11:59:00.000Z', { effectiveAt: '2025-03-01T12:05:00.000Z' })),
    ];

    expect(outcomes).toEqual(['not-trusted', 'not-trusted', 'not-trusted', 'not-trusted']);
    expect(cache.entries.size).toBe(0);
  });

  it('takes an event a little ahead of the clock, within the skew', async () => {
    const { cache, record } = setup();

    expect(await record(changed(1, 100, '2025-03-01T12:00:30.000Z'))).toBe('recorded');
    expect(cache.entries.get('p1')?.amount).toBe(100);
  });
});
