import { makeApplyDuePromotions } from './apply-due-promotions.ts';
import type { PricingStore, StoredPromotion } from './ports.ts';

const due = (promotionId: string) => ({ promotionId }) as StoredPromotion;

describe('applyDuePromotions', () => {
  it('applies every due promotion once per tick, page after page, with the current time', async () => {
    const pages = [[due('a'), due('b')], [due('b'), due('c')], [due('c')]];
    const asked: string[] = [];
    const store = {
      duePromotions: async (now: string) => {
        asked.push(now);
        return pages.shift() ?? [];
      },
    } as unknown as PricingStore;
    const applied: string[] = [];
    const applyPromotion = async (id: string) => {
      applied.push(id);
      return { changed: 1, advanced: true };
    };
    const apply = makeApplyDuePromotions({
      store,
      clock: () => new Date('2040-01-01T00:00:00Z'),
      applyPromotion,
    });

    const result = await apply();

    expect(applied).toEqual(['a', 'b', 'c']);
    expect(result).toEqual({ promotions: 3, changed: 3 });
    expect(asked.every((t) => t === '2040-01-01T00:00:00.000Z')).toBe(true);
  });
});
