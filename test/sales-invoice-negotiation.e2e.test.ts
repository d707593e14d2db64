import { request } from 'node:http';
import { apiUrl, getToken } from './support/api.ts';
import { salesClient } from './support/sales-client.ts';
import { unique } from './support/wait.ts';

// GET /sales/orders/{id}/invoice picks JSON or HTML by RFC 9110 q-values, through the gateway.

/** A GET with exactly these headers: fetch would add `accept: *\/*` of its own. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; type: string }> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { method: 'GET', headers }, (response) => {
      response.resume();
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, type: String(response.headers['content-type']) }),
      );
    });
    sent.on('error', reject);
    sent.end();
  });
}

describe('the invoice negotiation', () => {
  const api = salesClient();
  let path: string;

  beforeAll(async () => {
    const productId = await api.product(5, 1899);
    const placed = await api.order(unique('cus'), [{ productId, quantity: 1 }]);
    expect(placed.status).toBe(201);
    path = `/sales/orders/${placed.body.orderId}/invoice`;
  });

  it.each([
    ['application/json, text/html;q=0', 'application/json'],
    ['text/html', 'text/html; charset=utf-8'],
    ['text/html;q=0.5, application/json', 'application/json'],
    ['*/*', 'application/json'],
  ])('answers Accept: %s with %s', async (accept, type) => {
    const answer = await api.call('GET', path, undefined, { accept });

    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe(type);
  });

  it('answers JSON to a request without an Accept header', async () => {
    const token = await getToken(apiUrl(), 'admin');

    const answer = await rawGet(`${apiUrl()}${path}`, { authorization: `Bearer ${token}` });

    expect(answer).toEqual({ status: 200, type: 'application/json' });
  });
});
