import { AppError } from '#lib/errors.ts';
import { callService } from '#lib/http/service-client.ts';
import type { PriceQuote, PricingGateway } from '../ports.ts';

/**
 * Each attempt is time-boxed so a slow Pricing turns into the cached fallback quickly rather than a
 * slow sale; when no cached price could stand in, it may take longer (a slow answer still makes the
 * sale). The order's pricing step (its share of the request deadline) may leave less than either.
 */
const TIMEOUT_MS = 800;
const PATIENT_TIMEOUT_MS = 3000;
const RETRIES = 1;

/** Pricing's batch read: an order's lines (at most 50) in one request. */
export const pricingHttp: PricingGateway = {
  async currentPrices(productIds, correlationId, options = {}) {
    const { status, body } = await callService({
      method: 'GET',
      path: `/prices/products?productIds=${productIds.map(encodeURIComponent).join(',')}`,
      correlationId,
      timeoutMs: options.patient ? PATIENT_TIMEOUT_MS : TIMEOUT_MS,
      retries: RETRIES,
    });
    if (status !== 200) {
      // Pricing answered but did not price (a 4xx it should not give, a 500): the same as
      // unreachable, so the cached fallback applies rather than failing the sale.
      throw new AppError('dependency_unavailable', 'Pricing is unavailable.', {
        cause: new Error(`Pricing answered ${status}: ${JSON.stringify(body)}`),
      });
    }
    const quotes = new Map<string, PriceQuote>();
    for (const price of (body as { items: PriceQuote[] }).items) {
      quotes.set(price.productId, {
        productId: price.productId,
        amount: price.amount,
        currency: price.currency,
        listAmount: price.listAmount,
        version: price.version,
      });
    }
    return quotes;
  },
};
