import { eventConsumer } from '#lib/events/consumer.ts';
import { clock, priceCache } from '../dependencies.ts';
import { makeRecordPriceChange } from '../use-cases/record-price-change.ts';

const recordPriceChange = makeRecordPriceChange({ cache: priceCache, clock });

export const handler = eventConsumer({
  PriceChanged: async (event) => {
    await recordPriceChange(event.data, event.time);
  },
});
