import { defaults } from '#lib/catalogue/environment.ts';
import { type Clock, systemClock } from '#lib/clock.ts';
import { integer, optional, required } from '#lib/config.ts';
import { dynamo } from '#lib/dynamodb/client.ts';
import { newId } from '#lib/ids.ts';
import { deploymentCurrency } from '#lib/money.ts';
import { logger as powertoolsLogger } from '#lib/observability.ts';
import { inventoryHttp } from './adapters/inventory-http.ts';
import { configuredPaymentGateway } from './adapters/payment-gateways.ts';
import { powertoolsMetrics } from './adapters/powertools-metrics.ts';
import { pricingHttp } from './adapters/pricing-http.ts';
import type { Seller } from './domain/invoice.ts';
import type { Logger } from './ports.ts';
import { PriceCacheStore } from './store/price-cache-store.ts';
import { RollupStore } from './store/rollup-store.ts';
import { SalesStore } from './store/sales-store.ts';
import { makePriceSource } from './use-cases/price-lines.ts';

/** Built once per function instance (cold start); handlers pick what they use. */
export const tableName = required('TABLE_NAME');
export const currency = deploymentCurrency;
export const clock: Clock = systemClock;
export const orders = new SalesStore(dynamo, tableName, integer('INVOICE_SERIES', defaults.invoiceSeries));
export const priceCache = new PriceCacheStore(dynamo, tableName);
/** The sales report's daily and hourly rollups (`store/rollup-store.ts`). */
export const rollups = new RollupStore(dynamo, tableName);
export const metrics = powertoolsMetrics;
export const logger: Logger = powertoolsLogger;
export const payments = configuredPaymentGateway();
export const inventory = inventoryHttp;
export const newOrderId = () => newId('ord_');

export const seller: Seller = {
  name: optional('SELLER_NAME', 'Retail Suite Store'),
  ...(optional('SELLER_TAX_ID', '') ? { taxId: optional('SELLER_TAX_ID', '') } : {}),
};

export const prices = makePriceSource({
  cache: priceCache,
  pricing: pricingHttp,
  clock,
  metrics,
  policy: {
    // Under a second, so a price set a second before an order is always the one charged.
    freshMs: integer('PRICE_FRESH_MS', 1000),
    maxAgeMs: integer('PRICE_CACHE_MAX_AGE_SECONDS', 3600) * 1000,
  },
});
