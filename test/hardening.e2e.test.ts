import { readFileSync } from 'node:fs';
import { apiUrl, call } from './support/api.ts';
import { rawRequest } from './support/raw-http.ts';
import { salesClient } from './support/sales-client.ts';
import { deployed, describeLocal } from './support/target.ts';
import { unique } from './support/wait.ts';

/** The local addresses of the sockets listening on `port`, read from the kernel's own tables. */
function listenersOn(port: number): string[] {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      // st 0A is LISTEN
      .filter((fields) => fields[1]?.endsWith(`:${hex}`) && fields[3] === '0A')
      .map((fields) => fields[1]!.split(':')[0]!),
  );
}
/** 127.0.0.1 in /proc/net/tcp (little-endian hex), or as an IPv4-mapped IPv6 address in tcp6. */
const LOOPBACK = ['0100007F', '0000000000000000FFFF00000100007F'];

describe("scopes: refunds and reports are not a till's to make", () => {
  it('refuses cancel and the sales report to pos (403), and lets admin through', async () => {
    const cancelAsPos = await call('POST', '/sales/orders/no-such-order/cancel', { as: 'pos' });
    const reportAsPos = await call(
      'GET',
      '/sales/reports/sales?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z',
      { as: 'pos' },
    );
    const cancelAsAdmin = await call('POST', '/sales/orders/no-such-order/cancel', { as: 'admin' });
    const reportAsAdmin = await call(
      'GET',
      '/sales/reports/sales?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z',
      { as: 'admin' },
    );

    expect([cancelAsPos.status, cancelAsPos.body.code]).toEqual([403, 'forbidden']);
    expect([reportAsPos.status, reportAsPos.body.code]).toEqual([403, 'forbidden']);
    expect(cancelAsAdmin.status).toBe(404);
    expect(reportAsAdmin.status).toBe(200);
  });

  it('lists the new scopes in the OpenAPI document', async () => {
    const document = await call('GET', '/openapi.json');
    const scopes = document.body.components.securitySchemes.bearer.flows.clientCredentials.scopes;

    expect(Object.keys(scopes)).toEqual(expect.arrayContaining(['sales/refund', 'sales/report']));
    expect(document.body.paths['/sales/orders/{orderId}/cancel'].post.security).toEqual([
      { bearer: ['sales/refund'] },
    ]);
  });
});

describe('headers', () => {
  it('marks every answer to an authenticated request no-store, errors included', async () => {
    const ok = await call('GET', '/inventory/products?limit=1', { as: 'admin' });
    const missing = await call('GET', '/inventory/products/no-such-product', { as: 'admin' });
    const unauthenticated = await call('GET', '/inventory/products');

    for (const answer of [ok, missing, unauthenticated]) {
      expect(answer.headers['cache-control']).toBe('no-store');
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
    }
  });
});

describe('orders', () => {
  const sales = salesClient();
  const orderAs = (client: 'admin' | 'pos', productId: string, key: string) =>
    call('POST', '/sales/orders', {
      as: client,
      headers: { 'idempotency-key': key },
      body: {
        customerId: 'c-keys',
        lines: [{ productId, quantity: 1 }],
        payment: { method: 'card', token: 'tok_visa' },
      },
    });

  it('scopes Idempotency-Keys by client: the same key from admin and pos is two orders', async () => {
    const productId = await sales.product(10, 1990);
    const key = unique('till-key');

    const fromAdmin = await orderAs('admin', productId, key);
    const fromPos = await orderAs('pos', productId, key);
    const againFromPos = await orderAs('pos', productId, key);

    expect([fromAdmin.status, fromPos.status, againFromPos.status]).toEqual([201, 201, 201]);
    expect(fromPos.body.orderId).not.toBe(fromAdmin.body.orderId);
    expect(againFromPos.body.orderId).toBe(fromPos.body.orderId);
    expect(await sales.stockOf(productId)).toBe(8);
  });

  it('serves the receipt with a content security policy, nosniff and Vary: Accept', async () => {
    const productId = await sales.product(5, 1000);
    const placed = await sales.order('c-receipt', [{ productId, quantity: 1 }]);
    const path = `/sales/orders/${placed.body.orderId}/invoice`;

    const html = await call('GET', path, { as: 'admin', headers: { accept: 'text/html' } });
    const json = await call('GET', path, { as: 'admin', headers: { accept: 'application/json' } });

    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    expect(html.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(html.headers['x-content-type-options']).toBe('nosniff');
    for (const answer of [html, json]) {
      expect(answer.headers.vary).toBe('Accept');
      expect(answer.headers['cache-control']).toBe('no-store');
    }
    expect(json.headers['content-security-policy']).toBeUndefined();
  });
});

describeLocal('the local runtime answers this machine only', () => {
  const { port } = new URL(apiUrl());

  it('refuses a Host that is not a loopback name, local-only routes included', async () => {
    for (const path of ['/health', '/__local/events', '/inventory/products']) {
      const rebound = await rawRequest(`${apiUrl()}${path}`, { headers: { host: `evil.example:${port}` } });
      expect({ path, status: rebound.status }).toEqual({ path, status: 403 });
    }
    const loopback = await rawRequest(`${apiUrl()}/health`, { headers: { host: `localhost:${port}` } });
    expect(loopback.status).toBe(200);
  });

  it('takes a fault only as application/json, so a page cannot set one with a simple POST', async () => {
    const plain = await rawRequest(`${apiUrl()}/__local/faults`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ target: 'inventory', mode: 'unavailable' }),
    });
    const faults = await call('GET', '/__local/faults');

    expect(plain.status).toBe(415);
    expect(JSON.parse(plain.body)).toMatchObject({ code: 'validation_failed' });
    expect(faults.body.faults).toEqual([]);
  });

  it('runs DynamoDB Local on 127.0.0.1 only, refusing browser pages and foreign Host names', async () => {
    const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB!;
    const dynamodbPort = Number(new URL(endpoint).port);
    const listTables = {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        authorization:
          'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: '{}',
    };

    const listeners = listenersOn(dynamodbPort);
    const fromTools = await rawRequest(endpoint, listTables);
    const fromPage = await rawRequest(endpoint, {
      ...listTables,
      headers: { ...listTables.headers, origin: 'https://evil.example' },
    });
    const rebound = await rawRequest(endpoint, {
      ...listTables,
      headers: { ...listTables.headers, host: `evil.example:${dynamodbPort}` },
    });

    expect(listeners.length).toBeGreaterThan(0);
    expect(listeners.filter((address) => !LOOPBACK.includes(address))).toEqual([]);
    expect(fromTools.status).toBe(200);
    expect(fromPage.status).toBe(403);
    expect(rebound.status).toBe(403);
  });

  it('listens with every port it opens on 127.0.0.1 only', () => {
    const ports = [Number(port), Number(new URL(process.env.AWS_ENDPOINT_URL_SQS!).port)];
    for (const open of ports) {
      const listeners = listenersOn(open);
      expect({ open, listening: listeners.length > 0 }).toEqual({ open, listening: true });
      expect(listeners.filter((address) => !LOOPBACK.includes(address))).toEqual([]);
    }
  });
});

if (deployed) it.todo('runs the local-only checks against the local runtime only');
