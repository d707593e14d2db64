/** What the browser tests arrange and check over the API, as the admin client. */
import { type CallResult, call, type Json } from '#test/support/api.ts';
import { unique } from '#test/support/wait.ts';

export const admin = (method: string, path: string, body?: unknown): Promise<CallResult> =>
  call(method, path, { as: 'admin', ...(body === undefined ? {} : { body }) });

/** The answer's body, or a failure naming the call when the status is not `expected`. */
export async function ok(method: string, path: string, body?: unknown, expected = [200, 201]): Promise<Json> {
  const answer = await admin(method, path, body);
  if (!expected.includes(answer.status)) {
    throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

/** A product of its own for one test, with a price when `amount` is given. */
export async function product(
  options: {
    quantity?: number;
    reorderPoint?: number;
    reorderQuantity?: number;
    amount?: number;
    name?: string;
  } = {},
): Promise<{ productId: string; sku: string; name: string }> {
  const productId = unique('ui');
  const sku = `SKU-${productId}`;
  const name = options.name ?? `Biscoito ${productId}`;
  await ok('POST', '/inventory/products', {
    productId,
    sku,
    name,
    quantity: options.quantity ?? 50,
    reorderPoint: options.reorderPoint ?? 0,
    reorderQuantity: options.reorderQuantity ?? 0,
  });
  if (options.amount !== undefined) {
    await ok('PUT', `/prices/products/${productId}`, { amount: options.amount, currency: 'BRL' });
  }
  return { productId, sku, name };
}

/** An order placed over the API, as a till would place it. */
export const order = (customerId: string, lines: { productId: string; quantity: number }[]): Promise<Json> =>
  ok('POST', '/sales/orders', { customerId, lines, payment: { method: 'card', token: 'tok_visa' } }, [201]);
