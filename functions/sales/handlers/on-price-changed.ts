import { eventConsumer } from '#lib/events/consumer.ts';
import { clock, currency, logger, priceCache } from '../dependencies.ts';
import { makeRecordPriceChange } from '../use-cases/record-price-change.ts';

const recordPriceChange = makeRecordPriceChange({ cache: priceCache, clock, currency });

export const handler = eventConsumer({
  PriceChanged: async (event) => {
    const outcome = await recordPriceChange(event);
    if (outcome === 'not-trusted') {
      logger.warn('PriceChanged ignored: not from Pricing, another currency, or dated in the future', {
        eventId: event.id,
        source: event.source,
        productId: event.data.productId,
      });
    }
  },
});
