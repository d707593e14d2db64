import { MetricUnit, metrics } from '#lib/observability.ts';
import { RETRY, withRetries } from '#lib/retry.ts';
import { readCurrentPrice } from './current-price.ts';
import type { Clock, PriceRecord, PricingStore } from './ports.ts';
import { priceChanged } from './price-changed.ts';

/**
 * Brings a product's stored effective price up to date with the promotions active now. When it moved,
 * the version goes up by one and PriceChanged goes to the outbox in the same transaction, conditional
 * on the version read. Running it twice, or concurrently, announces each change once: the second run
 * finds nothing to change, or loses the condition, re-reads and then finds nothing to change.
 */
export const makeReconcilePrice =
  ({ store, clock }: { store: PricingStore; clock: Clock }) =>
  (productId: string, correlationId: string): Promise<boolean> =>
    withRetries(async () => {
      const at = clock();
      const now = at.toISOString();
      const { price, effective } = await readCurrentPrice(store, productId, now);
      if (!price) return false;
      const promotionId = effective.promotion?.promotionId ?? null;
      if (price.amount === effective.amount && price.promotionId === promotionId) return false;
      const next: PriceRecord = {
        ...price,
        amount: effective.amount,
        promotionId,
        version: price.version + 1,
        updatedAt: now,
      };
      const event = priceChanged(next, correlationId, at);
      if (await store.writePrice({ next, expectedVersion: price.version, event })) {
        metrics.addMetric('PriceChanged', MetricUnit.Count, 1);
        return true;
      }
      return RETRY;
    });

export type ReconcilePrice = ReturnType<typeof makeReconcilePrice>;
