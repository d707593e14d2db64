import type { Clock } from '#lib/clock.ts';
import type { Logger, Metrics, NewId, PromotionStore } from '../ports.ts';
import type { ApplyPromotion } from './apply-promotion.ts';

const PAGE = 25;
/** Bounds one tick; whatever is left is still due and the next tick takes it. */
const MAX_PER_TICK = 200;

interface Deps {
  promotions: PromotionStore;
  clock: Clock;
  applyPromotion: ApplyPromotion;
  metrics: Metrics;
  logger: Logger;
  newId: NewId;
}

/**
 * The schedule's job: find every promotion whose start or end is due (the sparse due index) and apply
 * it. No request has to arrive for a promotion to start or end.
 */
export const makeApplyDuePromotions =
  ({ promotions, clock, applyPromotion, metrics, logger, newId }: Deps) =>
  async (): Promise<{ promotions: number; changed: number }> => {
    const correlationId = newId('sched_');
    const seen = new Set<string>();
    let changed = 0;
    while (seen.size < MAX_PER_TICK) {
      const due = (await promotions.due(clock.now().toISOString(), PAGE)).filter(
        (p) => !seen.has(p.promotionId),
      );
      if (due.length === 0) break;
      for (const promotion of due) {
        seen.add(promotion.promotionId);
        const result = await applyPromotion(promotion.promotionId, correlationId);
        changed += result.changed;
      }
    }
    if (seen.size > 0) {
      logger.info('promotions applied', { correlationId, promotions: seen.size, pricesChanged: changed });
      metrics.count('PromotionTransitionsApplied', seen.size);
    }
    return { promotions: seen.size, changed };
  };
