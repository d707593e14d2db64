import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger, metrics } from '#lib/observability.ts';
import { applyPromotion, clock, store } from '../dependencies.ts';
import { makeApplyDuePromotions } from '../use-cases/apply-due-promotions.ts';

const applyDuePromotions = makeApplyDuePromotions({ store, clock, applyPromotion });

/**
 * Schedule handler (catalogue: `pricing-apply-promotions`): an EventBridge `rate(1 minute)` schedule
 * in AWS, every second in the local runtime. It starts and ends promotions on time with no request.
 */
export const handler = middy(async () => {
  const result = await applyDuePromotions();
  // Metrics only when a tick did something: most ticks find nothing, and an empty flush only warns.
  if (result.promotions > 0) metrics.publishStoredMetrics();
  return result;
}).use(injectLambdaContext(logger, { resetKeys: true }));
