import { type Api, expectStatus } from './http.ts';
import { runClosedLoop } from './load.ts';

export interface ProductSpec {
  productId: string;
  quantity: number;
  amount: number;
}

/** Creates each product with its stock and list price through the public API (admin client). */
export async function createPricedProducts(api: Api, products: readonly ProductSpec[], currency = 'BRL') {
  await runClosedLoop(products.length, 16, async (i) => {
    const { productId, quantity, amount } = products[i]!;
    expectStatus(
      await api.call(
        'POST',
        '/inventory/products',
        { productId, sku: `SKU-${productId}`, name: `Bench ${productId}`, quantity },
        'admin',
      ),
      201,
      `POST /inventory/products ${productId}`,
    );
    await setPrice(api, productId, amount, currency);
  });
}

export const setPrice = async (api: Api, productId: string, amount: number, currency = 'BRL') =>
  expectStatus(
    await api.call('PUT', `/prices/products/${productId}`, { amount, currency }, 'admin'),
    200,
    `PUT /prices/products/${productId}`,
  );

/** A unique prefix per run, so a run against a long-lived API_URL never meets its own old products. */
export const runTag = `b${Date.now().toString(36)}`;

export const orderBody = (productIds: readonly string[], customerId = 'bench-customer') => ({
  customerId,
  lines: productIds.map((productId) => ({ productId, quantity: 1 })),
  payment: { method: 'card', token: 'tok_bench' },
});
