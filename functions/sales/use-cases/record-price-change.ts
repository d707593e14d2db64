import type { EventData } from '#events/schemas.ts';
import type { Clock, PriceCache } from '../ports.ts';

/**
 * PriceChanged → Sales' price cache. The conditional write keeps the highest version, so a repeated
 * or out-of-order event changes nothing.
 */
export function makeRecordPriceChange({ cache, clock }: { cache: PriceCache; clock: Clock }) {
  return async (data: EventData<'PriceChanged'>, eventTime: string): Promise<boolean> =>
    cache.putIfNewer({
      productId: data.productId,
      amount: data.amount,
      currency: data.currency,
      listAmount: data.listAmount,
      version: data.version,
      fetchedAt: clock.now().toISOString(),
      // The price was current when Pricing published it, not necessarily now.
      currentAt: eventTime,
    });
}
