import { systemClock } from '#lib/clock.ts';
import { required } from '#lib/config.ts';
import { dynamo } from '#lib/dynamodb/client.ts';
import { newId as ulid } from '#lib/ids.ts';
import { powertoolsLogger, powertoolsMetrics } from './adapters/powertools.ts';
import type { NewId } from './ports.ts';
import { DynamoPriceStore } from './store/price-store.ts';
import { DynamoPromotionStore } from './store/promotion-store.ts';
import { makeApplyPromotion } from './use-cases/apply-promotion.ts';
import { makeReconcilePrice } from './use-cases/reconcile-price.ts';

/** Built once per function instance (cold start); handlers pick what they use. */
const tableName = required('TABLE_NAME');
export const prices = new DynamoPriceStore(dynamo, tableName);
export const promotions = new DynamoPromotionStore(dynamo, tableName);
export const clock = systemClock;
export const metrics = powertoolsMetrics;
export const logger = powertoolsLogger;
export const newId: NewId = (prefix) => ulid(prefix);
export const applyPromotion = makeApplyPromotion({
  promotions,
  clock,
  reconcile: makeReconcilePrice({ prices, promotions, clock, metrics }),
});
