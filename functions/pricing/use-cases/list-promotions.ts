import type { Page } from '#lib/pagination.ts';
import type { Clock, PricingStore } from './ports.ts';
import { type PromotionView, promotionView } from './promotion-view.ts';

/** Promotions, newest first. */
export const makeListPromotions =
  ({ store, clock }: { store: PricingStore; clock: Clock }) =>
  async (limit: number, cursor: string | undefined): Promise<Page<PromotionView>> => {
    const page = await store.listPromotions(limit, cursor);
    const now = clock().toISOString();
    return { items: page.items.map((p) => promotionView(p, now)), nextCursor: page.nextCursor };
  };
