import type { StoredPromotion } from '../domain/promotion.ts';
import { makeApplyDuePromotions } from './apply-due-promotions.ts';
import { CountingMetrics, FakeClock, fakeStores, RecordingLogger, sequentialIds } from './fakes.ts';

const due = (promotionId: string) => ({ promotionId }) as StoredPromotion;

describe('applyDuePromotions', () => {
  it('applies every due promotion once per tick, page after page, with the current time', async () => {
    // The due index is read while it changes: pages may repeat what an earlier one gave.
    const pages = [[due('a'), due('b')], [due('b'), due('c')], [due('c')]];
    const asked: string[] = [];
    const { promotions } = fakeStores();
    promotions.due = async (now: string) => {
      asked.push(now);
      return pages.shift() ?? [];
    };
    const applied: string[] = [];
    const applyPromotion = async (id: string) => {
      applied.push(id);
      return { changed: 1, advanced: true };
    };
    const metrics = new CountingMetrics();
    const logger = new RecordingLogger();
    const apply = makeApplyDuePromotions({
      promotions,
      clock: new FakeClock('2040-01-01T00:00:00Z'),
      applyPromotion,
      metrics,
      logger,
      newId: sequentialIds(),
    });

    const result = await apply();

    expect(applied).toEqual(['a', 'b', 'c']);
    expect(result).toEqual({ promotions: 3, changed: 3 });
    expect(asked.every((t) => t === '2040-01-01T00:00:00.000Z')).toBe(true);
    expect(metrics.of('PromotionTransitionsApplied')).toBe(3);
    expect(logger.lines).toEqual([
      {
        message: 'promotions applied',
        attributes: { correlationId: 'sched_00000001', promotions: 3, pricesChanged: 3 },
      },
    ]);
  });

  it('applies nothing and reports nothing when no promotion is due', async () => {
    const { promotions } = fakeStores();
    const metrics = new CountingMetrics();
    const logger = new RecordingLogger();
    const apply = makeApplyDuePromotions({
      promotions,
      clock: new FakeClock(),
      applyPromotion: async () => ({ changed: 0, advanced: false }),
      metrics,
      logger,
      newId: sequentialIds(),
    });

    expect(await apply()).toEqual({ promotions: 0, changed: 0 });
    expect(metrics.of('PromotionTransitionsApplied')).toBe(0);
    expect(logger.lines).toEqual([]);
  });
});
