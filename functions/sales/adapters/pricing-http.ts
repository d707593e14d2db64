import { AppError } from '#lib/errors.ts';
import { callService } from '#lib/http/service-client.ts';
import type { PriceQuote, PricingGateway } from '../ports.ts';

/** Time-boxed so a slow Pricing turns into the cached fallback quickly rather than a slow sale. */
const TIMEOUT_MS = 800;
const RETRIES = 1;

export const pricingHttp: PricingGateway = {
  async currentPrice(productId, correlationId) {
    const { status, body } = await callService({
      method: 'GET',
      path: `/prices/products/${encodeURIComponent(productId)}`,
      correlationId,
      timeoutMs: TIMEOUT_MS,
      retries: RETRIES,
    });
    if (status === 404) return null;
    if (status >= 500) {
      // Pricing answered but cannot price: the same as unreachable, so the cached fallback applies.
      throw new AppError('dependency_unavailable', 'Pricing is unavailable.', {
        cause: new Error(`Pricing answered ${status}`),
      });
    }
    if (status !== 200) throw new Error(`Pricing answered ${status}: ${JSON.stringify(body)}`);
    const price = body as PriceQuote;
    return {
      productId,
      amount: price.amount,
      currency: price.currency,
      listAmount: price.listAmount,
      version: price.version,
    };
  },
};
