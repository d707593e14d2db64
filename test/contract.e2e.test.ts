import * as z from 'zod';
import { routes } from '#functions/catalogue.ts';
import { getProduct } from '#functions/inventory/routes.ts';
import { productView } from '#functions/inventory/schemas.ts';
import { getInvoice } from '#functions/sales/routes.ts';
import type { RouteDef } from '#lib/catalogue/index.ts';
import { type CallResult, call } from './support/api.ts';
import { checkAnswer } from './support/contract.ts';
import { salesClient } from './support/sales-client.ts';
import { unique } from './support/wait.ts';

// The check every e2e answer goes through (support/contract.ts) fires on real answers: a documented
// schema that does not fit, an undocumented field or status, an error that is not a problem.

/** The catalogue with one route's documented responses replaced. */
const documenting = (route: RouteDef, responses: RouteDef['responses']): readonly RouteDef[] =>
  routes.map((r) => (r === route ? { ...r, responses } : r));

const admin = (method: string, path: string, body?: unknown) => call(method, path, { as: 'admin', body });

describe('the response contract check', () => {
  let productId: string;
  let product: CallResult;

  beforeAll(async () => {
    productId = unique('contract');
    const created = await admin('POST', '/inventory/products', {
      productId,
      sku: 'S',
      name: 'N',
      quantity: 3,
    });
    expect(created.status).toBe(201);
    product = await admin('GET', `/inventory/products/${productId}`);
  });

  it('passes a real answer that fits its documented schema', () => {
    expect(product.status).toBe(200);
    expect(() => checkAnswer('GET', `/inventory/products/${productId}`, product)).not.toThrow();
  });

  it('fails a real answer when the documented schema does not fit it, naming route, status and issue', () => {
    const wrong = documenting(getProduct, { 200: productView.extend({ quantity: z.string() }) });

    expect(() => checkAnswer('GET', `/inventory/products/${productId}`, product, wrong)).toThrow(
      /GET \/inventory\/products\/\{productId\} answered 200[\s\S]*quantity: Invalid input: expected string/,
    );
    // The seed alias is the same route with the same contract.
    expect(() => checkAnswer('GET', `/inventario/produto/${productId}?x=1`, product, wrong)).toThrow(
      /GET \/inventario\/produto\/\{productId\} answered 200/,
    );
  });

  it('fails a field the documented schema does not name, and a status it does not document', () => {
    const withoutSku = documenting(getProduct, { 200: productView.omit({ sku: true }) });
    const only201 = documenting(getProduct, { 201: productView });

    expect(() => checkAnswer('GET', `/inventory/products/${productId}`, product, withoutSku)).toThrow(
      /sku: not in the documented schema/,
    );
    expect(() => checkAnswer('GET', `/inventory/products/${productId}`, product, only201)).toThrow(
      /status 200 is not documented \(only 201\)/,
    );
  });

  it('holds errors to problem+json: a real 404 passes, one missing a member or its type does not', async () => {
    const missing = await admin('GET', `/inventory/products/${unique('none')}`);
    const { detail: _detail, ...withoutDetail } = missing.body;

    expect(missing.status).toBe(404);
    expect(() => checkAnswer('GET', '/inventory/products/x', { ...missing, body: withoutDetail })).toThrow(
      /GET \/inventory\/products\/\{productId\} answered 404[\s\S]*detail:/,
    );
    expect(() =>
      checkAnswer('GET', '/inventory/products/x', {
        ...missing,
        headers: { ...missing.headers, 'content-type': 'application/json' },
      }),
    ).toThrow(/an error is application\/problem\+json/);
    expect(() =>
      checkAnswer('GET', '/no/such/route', { ...missing, body: { ...missing.body, status: 400 } }),
    ).toThrow(/GET \/no\/such\/route answered 404[\s\S]*400 in the body/);
  });

  it('skips a body that is not JSON (the invoice as HTML) but parses the same route as JSON', async () => {
    const api = salesClient();
    const placed = await api.order(unique('cus'), [{ productId: await api.product(2, 500), quantity: 1 }]);
    const path = `/sales/orders/${placed.body.orderId}/invoice`;
    const json = await api.call('GET', path);
    const html = await api.call('GET', path, undefined, { accept: 'text/html' });
    const refusingAll = documenting(getInvoice, { 200: z.never() });

    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(() => checkAnswer('GET', path, html, refusingAll)).not.toThrow();
    expect(() => checkAnswer('GET', path, json, refusingAll)).toThrow(
      /GET \/sales\/orders\/\{orderId\}\/invoice answered 200/,
    );
  });
});
