import { setTimeout as sleep } from 'node:timers/promises';
import { defaultRate } from '#lib/catalogue/index.ts';
import { type CallResult, call, getToken } from './support/api.ts';
import { freePort } from './support/ports.ts';
import { startTestRuntime, type TestRuntime } from './support/runtime.ts';
import { pricesStaleSince, type SalesClient, salesClient } from './support/sales-client.ts';
import { describeLocal } from './support/target.ts';
import { unique } from './support/wait.ts';

// Per-route rate limits (API.md, Conventions): one client's burst at a route is answered `429` while
// another client's order, whose Sales→Pricing/Inventory calls go through the service API, goes
// through. The burst runs on a runtime of this file's own, so its empty bucket reaches no other suite,
// and it aims at the route Sales prices orders with, so the order's own price read meets it. (The
// bucket refills between the burst's arrivals and Sales' call, so the exact check that the services
// have a budget of their own is in local/gateway/server.test.ts.)

const BURST = 600;
/** A bound on the whole burst; it takes a few seconds on a loaded machine. */
const BURST_WITHIN_MS = 30_000;

const within = <T>(ms: number, what: string, promise: Promise<T>): Promise<T> =>
  Promise.race([
    promise,
    sleep(ms, undefined, { ref: false }).then(() => {
      throw new Error(`${what} took over ${ms} ms`);
    }),
  ]);

describeLocal('per-route rate limits and the service API', () => {
  let runtime: TestRuntime | undefined;
  let api: SalesClient;
  let serviceUrl: string;

  beforeAll(async () => {
    const servicePort = await freePort();
    runtime = await startTestRuntime({ env: { DEMO_DATA: 'false', SERVICE_PORT: String(servicePort) } });
    serviceUrl = `http://127.0.0.1:${servicePort}`;
    api = salesClient(runtime);
  }, 120_000);

  afterAll(async () => {
    await runtime?.stop();
    runtime?.remove();
  });

  const baseUrl = () => runtime!.baseUrl;

  it("answers one client's burst 429 rate_limited with Retry-After, while another client's order succeeds", async () => {
    const productId = await api.product(50, 1990);
    // Sales now holds the price too: a Pricing slowed by the burst's admitted reads is no reason to fail.
    expect((await api.order(unique('cus'), [{ productId, quantity: 1 }])).status).toBe(201);
    const pos = await getToken(baseUrl(), 'pos');
    // Past its freshness, so the next order asks Pricing, through the service API, during the burst.
    await pricesStaleSince(Date.now());
    const path = `/prices/products?productIds=${productId}`;

    const started = Date.now();
    const burst = Promise.all(
      Array.from({ length: BURST }, () => call('GET', path, { token: pos, baseUrl: baseUrl() })),
    );
    const order = api.order(unique('cus'), [{ productId, quantity: 2 }]);
    const [answers, placed] = await within(BURST_WITHIN_MS, 'the burst', Promise.all([burst, order]));
    const elapsedSeconds = (Date.now() - started) / 1000;

    expect(placed.status).toBe(201);
    const limited = answers.filter((answer: CallResult) => answer.status === 429);
    // A full bucket and its refill while the burst lasted, no more, reached the handler.
    const admitted = BURST - limited.length;
    expect(limited.length).toBeGreaterThan(0);
    expect(admitted).toBeGreaterThanOrEqual(defaultRate.burst);
    expect(admitted).toBeLessThanOrEqual(
      defaultRate.burst + Math.ceil(elapsedSeconds * defaultRate.perSecond),
    );
    for (const answer of limited) {
      expect(answer.headers['content-type']).toBe('application/problem+json');
      expect(answer.body).toMatchObject({ status: 429, code: 'rate_limited' });
      expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }

    // Retry-After is honest: after it, the route answers again.
    await sleep(Number(limited.at(-1)!.headers['retry-after']) * 1000);
    expect((await call('GET', path, { token: pos, baseUrl: baseUrl() })).status).toBe(200);
  }, 90_000);

  it("serves the service API to the services' own clients only", async () => {
    const productId = await api.product(1, 990);
    const path = `/prices/products?productIds=${productId}`;
    const asPos = await call('GET', path, { token: await getToken(baseUrl(), 'pos'), baseUrl: serviceUrl });
    const asAdmin = await call('GET', path, {
      token: await getToken(baseUrl(), 'admin'),
      baseUrl: serviceUrl,
    });
    const anonymous = await call('GET', path, { baseUrl: serviceUrl });
    const sales = await getToken(baseUrl(), 'sales-service');
    const asSales = await call('GET', path, { token: sales, baseUrl: serviceUrl });
    const notCalled = await call('GET', '/inventory/products?limit=1', { token: sales, baseUrl: serviceUrl });

    expect([asPos.status, asPos.body.code]).toEqual([403, 'forbidden']);
    expect([asAdmin.status, asAdmin.body.code]).toEqual([403, 'forbidden']);
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'unauthorized']);
    expect(asSales.status).toBe(200);
    expect(notCalled.status).toBe(404);
  });
});
