import type { Clock } from '#lib/clock.ts';
import { RETRY, withRetries } from '#lib/dynamodb/backoff.ts';
import type { PriceRecord } from '../domain/price.ts';
import type { Metrics, PriceStore, PromotionStore } from '../ports.ts';
import { readCurrentPrice } from './current-price.ts';
import { priceChanged } from './price-changed.ts';

interface Deps {
  prices: PriceStore;
  promotions: PromotionStore;
  clock: Clock;
  metrics: Metrics;
}

/**
 * Brings a product's stored effective price up to date with the promotions active now. When it moved,
 * the version goes up by one and PriceChanged goes to the outbox in the same transaction, conditional
 * on the version read. Running it twice, or concurrently, announces each change once: the second run
 * finds nothing to change, or loses the condition, re-reads and then finds nothing to change.
 * `actor` is whose change this brings in (see `transitionActor`); PriceChanged carries it.
 */
export const makeReconcilePrice =
  (deps: Deps) =>
  (productId: string, correlationId: string, actor: string): Promise<boolean> =>
    withRetries(async () => {
      const at = deps.clock.now();
      const now = at.toISOString();
      const { price, effective } = await readCurrentPrice(deps, productId, now);
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
      const event = priceChanged(next, correlationId, at, actor);
      if (await deps.prices.write({ next, expectedVersion: price.version, event })) {
        deps.metrics.count('PriceChanged');
        return true;
      }
      return RETRY;
    });

export type ReconcilePrice = ReturnType<typeof makeReconcilePrice>;
