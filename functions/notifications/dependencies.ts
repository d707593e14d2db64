import { systemClock } from '#lib/clock.ts';
import { optional, required } from '#lib/config.ts';
import { dynamo } from '#lib/dynamodb/client.ts';
import type { Seller } from '#lib/receipt/format.ts';
import { inventoryProducts } from './adapters/inventory-products.ts';
import { logger, powertoolsMetrics } from './adapters/powertools.ts';
import { salesOrders } from './adapters/sales-orders.ts';
import { sesMailer } from './adapters/ses-mailer.ts';
import type { Mailer } from './ports.ts';
import { DynamoNotificationLog } from './store/notification-log.ts';

/** Built once per cold start. Settings missing here are said once, now, not on every event. */
const from = optional('NOTIFY_FROM', '');
const buyerEmail = optional('NOTIFY_BUYER_EMAIL', '') || undefined;
const configurationSet = optional('SES_CONFIGURATION_SET', '') || undefined;

if (!buyerEmail) logger.info('NOTIFY_BUYER_EMAIL is not set: no low-stock alerts are sent', {});

/** Never called: without a sender the use cases send nothing (`settings.sending`). */
const noSender: Mailer = {
  send: async () => ({ kind: 'failed', reason: 'NOTIFY_FROM is not set: no sender to send from' }),
};
if (!from) logger.warn('NOTIFY_FROM is not set: Notifications sends no e-mail', {});

export const seller: Seller = {
  name: optional('SELLER_NAME', 'Retail Suite Store'),
  taxId: optional('SELLER_TAX_ID', '') || undefined,
};

export const deps = {
  log: new DynamoNotificationLog(dynamo, required('TABLE_NAME')),
  mailer: from ? sesMailer({ from, configurationSet }) : noSender,
  orders: salesOrders,
  products: inventoryProducts,
  clock: systemClock,
  metrics: powertoolsMetrics,
  logger,
  settings: { seller, buyerEmail, sending: from !== '' },
};
