import { MetricUnit, metrics } from '#lib/observability.ts';
import { RETRY, withRetries } from '#lib/retry.ts';
import { type PriceView, priceView, readCurrentPrice } from './current-price.ts';
import type { Clock, PriceRecord, PricingStore } from './ports.ts';
import { priceChanged } from './price-changed.ts';

/**
 * Sets a product's list price. A change (and the first price) bumps the version, keeps a history
 * entry and writes PriceChanged to the outbox, all in one transaction conditional on the version read,
 * so concurrent writers never share a version. Setting the same list price again changes nothing.
 */
export const makeSetPrice =
  ({ store, clock }: { store: PricingStore; clock: Clock }) =>
  (input: {
    productId: string;
    amount: number;
    currency: string;
    correlationId: string;
  }): Promise<PriceView> =>
    withRetries(async () => {
      const at = clock();
      const now = at.toISOString();
      const { price, effective } = await readCurrentPrice(store, input.productId, now, input.amount);
      if (price && price.listAmount === input.amount && price.currency === input.currency) {
        return priceView(price, effective);
      }
      const next: PriceRecord = {
        productId: input.productId,
        listAmount: input.amount,
        currency: input.currency,
        amount: effective.amount,
        promotionId: effective.promotion?.promotionId ?? null,
        version: (price?.version ?? 0) + 1,
        updatedAt: now,
      };
      const written = await store.writePrice({
        next,
        expectedVersion: price?.version ?? null,
        history: {
          amount: input.amount,
          currency: input.currency,
          previousAmount: price?.listAmount ?? null,
          changedAt: now,
          version: next.version,
        },
        event: priceChanged(next, input.correlationId, at),
      });
      if (written) {
        metrics.addMetric('PriceChanged', MetricUnit.Count, 1);
        return priceView(next, effective);
      }
      return RETRY;
    });
