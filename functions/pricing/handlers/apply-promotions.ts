import { instrumented } from '#lib/instrumented.ts';
import { applyPromotion, clock, logger, metrics, newId, promotions } from '../dependencies.ts';
import { makeApplyDuePromotions } from '../use-cases/apply-due-promotions.ts';

const applyDuePromotions = makeApplyDuePromotions({
  promotions,
  clock,
  applyPromotion,
  metrics,
  logger,
  newId,
});

/**
 * Schedule handler (catalogue: `pricing-apply-promotions`): an EventBridge `rate(1 minute)` schedule
 * in AWS, every second in the local runtime. It starts and ends promotions on time with no request.
 */
export const handler = instrumented(async () => applyDuePromotions());
