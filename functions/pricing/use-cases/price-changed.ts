import { envelope } from '#lib/events/envelope.ts';
import type { PriceRecord } from '../domain/price.ts';

/**
 * The announcement of a stored price version; written to the outbox with that version. `actor` is
 * whoever's change moved the effective price (the caller, or `service:pricing` for the schedule).
 */
export const priceChanged = (price: PriceRecord, correlationId: string, now: Date, actor: string) =>
  envelope(
    'PriceChanged',
    'pricing',
    {
      productId: price.productId,
      amount: price.amount,
      currency: price.currency,
      listAmount: price.listAmount,
      promotionId: price.promotionId,
      version: price.version,
      effectiveAt: price.updatedAt,
      actor,
    },
    correlationId,
    now,
  );
