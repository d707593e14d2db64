import type { Clock } from '#lib/clock.ts';
import { RETRY, withRetries } from '#lib/dynamodb/backoff.ts';
import type { PriceRecord } from '../domain/price.ts';
import type { Metrics, PriceStore, PromotionStore } from '../ports.ts';
import { type PriceView, priceView, readCurrentPrice } from './current-price.ts';
import { priceChanged } from './price-changed.ts';

interface Deps {
  prices: PriceStore;
  promotions: PromotionStore;
  clock: Clock;
  metrics: Metrics;
}

export interface NewListPrice {
  productId: string;
  amount: number;
  currency: string;
  correlationId: string;
  /** The caller (`principal.actor`): on the history entry and the PriceChanged. */
  actor: string;
}

/**
 * Sets a product's list price. A change (and the first price) bumps the version, keeps a history
 * entry and writes PriceChanged to the outbox, all in one transaction conditional on the version read,
 * so concurrent writers never share a version. Setting the same list price again changes nothing.
 */
export const makeSetPrice =
  (deps: Deps) =>
  (input: NewListPrice): Promise<PriceView> =>
    withRetries(async () => {
      const at = deps.clock.now();
      const now = at.toISOString();
      const { price, effective } = await readCurrentPrice(deps, input.productId, now, input.amount);
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
      const written = await deps.prices.write({
        next,
        expectedVersion: price?.version ?? null,
        history: {
          amount: input.amount,
          currency: input.currency,
          previousAmount: price?.listAmount ?? null,
          changedAt: now,
          version: next.version,
          actor: input.actor,
        },
        event: priceChanged(next, input.correlationId, at, input.actor),
      });
      if (written) {
        deps.metrics.count('PriceChanged');
        return priceView(next, effective);
      }
      return RETRY;
    });
