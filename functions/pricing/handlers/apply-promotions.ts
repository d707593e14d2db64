import { instrumented } from '#lib/instrumented.ts';
import { applyPromotion, clock, store } from '../dependencies.ts';
import { makeApplyDuePromotions } from '../use-cases/apply-due-promotions.ts';

const applyDuePromotions = makeApplyDuePromotions({ store, clock, applyPromotion });

/**
 * Schedule handler (catalogue: `pricing-apply-promotions`): an EventBridge `rate(1 minute)` schedule
 * in AWS, every second in the local runtime. It starts and ends promotions on time with no request.
 */
export const handler = instrumented(async () => applyDuePromotions());
