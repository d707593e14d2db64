import { eventConsumer } from '#lib/events/consumer.ts';
import { deps } from '../dependencies.ts';
import { makeNotify } from '../use-cases/notify.ts';
import { makeSendOnce } from '../use-cases/send-once.ts';

const notify = makeNotify({ ...deps, sendOnce: makeSendOnce(deps) });

/**
 * Sales' and Inventory's events → e-mail, at most one per event. A failure to read Sales or Inventory,
 * or an e-mail SES certainly did not take, fails the record: the queue delivers it again, and after
 * five receives it waits in the DLQ (alarmed).
 */
export const handler = eventConsumer({
  OrderConfirmed: async (event) => void (await notify.orderConfirmed(event)),
  OrderCancelled: async (event) => void (await notify.orderCancelled(event)),
  OrderReturned: async (event) => void (await notify.orderReturned(event)),
  StockLow: async (event) => void (await notify.stockLow(event)),
});
