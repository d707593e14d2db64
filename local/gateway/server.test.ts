import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RouteDef } from '#lib/catalogue/index.ts';
import { createIssuer, type Issuer } from '#local/auth/signing-key.ts';
import { createFaults } from '#local/faults.ts';
import type { Invocation, LambdaHost } from '#local/lambda/host.ts';
import { freePort } from '#local/preflight.ts';
import { createStatus } from '#local/status.ts';
import { type RawAnswer, rawRequest } from '#test/support/raw-http.ts';
import { type Gateway, startGateway } from './server.ts';

// The gateway's throttling and its service API, with a fake Lambda host: what reaches a handler is
// counted, so "refused before the handler" is observable.

const route = (def: Partial<RouteDef> & Pick<RouteDef, 'method' | 'path'>): RouteDef => ({
  owner: 'pricing',
  handler: `functions/pricing/handlers/${def.method.toLowerCase()}.ts`,
  scope: 'pricing/read',
  access: 'read',
  summary: `${def.method} ${def.path}`,
  responses: { 200: null },
  ...def,
});

// Slow refills (one request per 10 s), so a loaded machine cannot refill a bucket mid-test.
const rate = { perSecond: 0.1, burst: 2 };
const routes: RouteDef[] = [
  route({
    method: 'GET',
    path: '/prices/products/{productId}',
    aliases: ['/precos/produto/{productId}'],
    rate,
    calledBy: ['sales'],
  }),
  route({ method: 'GET', path: '/prices/promotions', rate }),
  route({ method: 'POST', path: '/prices/promotions', rate, scope: 'pricing/write' }),
];

type Answer = RawAnswer;
/** A raw request, so a test can declare a body it never sends. */
const send = rawRequest;

const codeOf = (answer: Answer): unknown => (JSON.parse(answer.body) as { code?: unknown }).code;

describe('gateway throttling and the service API', () => {
  let dir: string;
  let issuer: Issuer;
  let gateway: Gateway;
  const invoked: Invocation[] = [];
  const token = (clientId: string, signer: Issuer = issuer) =>
    signer.sign(
      { client_id: clientId, token_use: 'access', scope: 'pricing/read pricing/write' },
      { subject: clientId, expiresInSeconds: 300 },
    );

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gateway-'));
    const port = await freePort();
    issuer = await createIssuer({ dataDir: dir, issuerUrl: `http://127.0.0.1:${port}` });
    invoked.length = 0;
    const host: LambdaHost = {
      invoke: async (_owner, invocation) => {
        invoked.push(invocation);
        return { ok: true, result: { statusCode: 200, body: '{}' } };
      },
      stop: async () => {},
    };
    gateway = await startGateway({
      port,
      servicePort: 0,
      routes,
      host,
      issuer,
      faults: createFaults(),
      events: { list: () => [], stop: async () => {} },
      status: createStatus(),
    });
  });

  afterEach(async () => {
    await gateway.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a route over its burst 429 rate_limited with Retry-After, before the handler', async () => {
    const url = `${gateway.baseUrl}/prices/promotions`;
    const answers = [await send(url), await send(url), await send(url)];

    expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
    const refused = answers[2]!;
    expect(refused.headers['content-type']).toBe('application/problem+json');
    expect(codeOf(refused)).toBe('rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(refused.body)).toMatchObject({ status: 429 });
    expect(invoked).toHaveLength(2);
  });

  it('refuses before reading the body: a throttled request is not even measured', async () => {
    const url = `${gateway.baseUrl}/prices/promotions`;
    await send(url, { method: 'POST' });
    await send(url, { method: 'POST' });
    // It declares far more than the 256 KiB limit; read, it would be a 413.
    const refused = await send(url, { method: 'POST', headers: { 'content-length': String(10 << 20) } });

    expect(refused.status).toBe(429);
    expect(invoked).toHaveLength(2);
  });

  it('keeps a bucket per route key, an alias its own, and GET apart from POST', async () => {
    for (let i = 0; i < 2; i++) await send(`${gateway.baseUrl}/prices/promotions`);
    const others = [
      await send(`${gateway.baseUrl}/prices/promotions`, { method: 'POST' }),
      await send(`${gateway.baseUrl}/prices/products/p1`),
      await send(`${gateway.baseUrl}/prices/products/p2`),
      await send(`${gateway.baseUrl}/prices/products/p3`),
      await send(`${gateway.baseUrl}/precos/produto/p1`),
    ];

    expect(others.map((a) => a.status)).toEqual([200, 200, 200, 429, 200]);
  });

  it('serves the called routes to the services with their own budget, whatever the clients spent', async () => {
    const path = '/prices/products/p1';
    for (let i = 0; i < 3; i++) await send(`${gateway.baseUrl}${path}`);
    expect((await send(`${gateway.baseUrl}${path}`)).status).toBe(429);

    const sales = await token('sales-service');
    const served = [
      await send(`${gateway.serviceUrl}${path}`, { token: sales }),
      await send(`${gateway.serviceUrl}${path}`, { token: sales }),
      await send(`${gateway.serviceUrl}${path}`, { token: sales }),
    ];

    expect(served.map((a) => a.status)).toEqual([200, 200, 429]);
    expect(codeOf(served[2]!)).toBe('rate_limited');
    expect(gateway.serviceUrl).not.toBe(gateway.baseUrl);
  });

  it("takes only a service client's token on the service API, and a refusal spends nothing", async () => {
    const url = `${gateway.serviceUrl}/prices/products/p1`;
    const other = await createIssuer({
      dataDir: mkdtempSync(join(dir, 'other-')),
      issuerUrl: gateway.baseUrl,
    });
    const refused = [
      await send(url),
      await send(url, { token: 'not-a-jwt' }),
      await send(url, { token: await token('sales-service', other) }),
      await send(url, { token: await token('pos') }),
      await send(url, { token: await token('admin') }),
    ];

    expect(refused.map((a) => [a.status, codeOf(a)])).toEqual([
      [401, 'unauthorized'],
      [401, 'unauthorized'],
      [401, 'unauthorized'],
      [403, 'forbidden'],
      [403, 'forbidden'],
    ]);
    expect(invoked).toHaveLength(0);
    const sales = await token('sales-service');
    const served = [await send(url, { token: sales }), await send(url, { token: sales })];
    expect(served.map((a) => a.status)).toEqual([200, 200]);
  });

  it('serves only the called routes on the service API, at their own paths, and no local route', async () => {
    const sales = await token('sales-service');
    const answers = [
      await send(`${gateway.serviceUrl}/prices/promotions`, { token: sales }),
      await send(`${gateway.serviceUrl}/precos/produto/p1`, { token: sales }),
      await send(`${gateway.serviceUrl}/oauth2/token`, { method: 'POST' }),
      await send(`${gateway.serviceUrl}/__local/faults`),
    ];

    expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 404]);
  });

  it('refuses a Host that is not a loopback name on the service API too', async () => {
    const answer = await send(`${gateway.serviceUrl}/prices/products/p1`, {
      token: await token('sales-service'),
      headers: { host: 'evil.example' },
    });

    expect(answer.status).toBe(403);
  });
});
