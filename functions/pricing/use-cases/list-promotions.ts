import type { Clock } from '#lib/clock.ts';
import type { Page } from '#lib/pagination.ts';
import type { PromotionStore } from '../ports.ts';
import { type PromotionView, promotionView } from './promotion-view.ts';

/** Promotions, newest first. */
export const makeListPromotions =
  ({ promotions, clock }: { promotions: PromotionStore; clock: Clock }) =>
  async (limit: number, cursor: string | undefined): Promise<Page<PromotionView>> => {
    const page = await promotions.list(limit, cursor);
    const now = clock.now().toISOString();
    return { items: page.items.map((p) => promotionView(p, now)), nextCursor: page.nextCursor };
  };
