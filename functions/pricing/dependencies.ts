import { required } from '#lib/config.ts';
import { DynamoPricingStore } from './store/pricing-store.ts';
import { makeApplyPromotion } from './use-cases/apply-promotion.ts';
import type { Clock } from './use-cases/ports.ts';
import { makeReconcilePrice } from './use-cases/reconcile-price.ts';

/** What every Pricing handler is built from, once per function instance. */
export const store = new DynamoPricingStore(required('TABLE_NAME'));
export const clock: Clock = () => new Date();
export const applyPromotion = makeApplyPromotion({
  store,
  clock,
  reconcile: makeReconcilePrice({ store, clock }),
});
