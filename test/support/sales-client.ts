import { setTimeout as sleep } from 'node:timers/promises';
import { apiUrl, type CallResult, call, type Json } from './api.ts';
import { startTestRuntime, type TestRuntime } from './runtime.ts';
import { eventually, unique } from './wait.ts';

/**
 * The calls the Sales e2e tests make, against the shared runtime or a private one (faults are global to
 * a runtime, so tests that inject them use their own and disturb no other test file).
 */
export function salesClient(baseUrl: string = apiUrl()) {
  const request = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    call(method, path, {
      as: 'admin',
      baseUrl,
      ...(body === undefined ? {} : { body }),
      ...(headers ? { headers } : {}),
    });

  async function product(quantity: number, amount?: number): Promise<string> {
    const productId = unique('sp');
    const created = await request('POST', '/inventory/products', {
      productId,
      sku: productId,
      name: 'Café 500 g',
      quantity,
    });
    if (created.status !== 201)
      throw new Error(`create product: ${created.status} ${JSON.stringify(created.body)}`);
    if (amount !== undefined) {
      const priced = await request('PUT', `/prices/products/${productId}`, { amount, currency: 'BRL' });
      if (priced.status !== 200)
        throw new Error(`set price: ${priced.status} ${JSON.stringify(priced.body)}`);
    }
    return productId;
  }

  const stockOf = async (productId: string): Promise<number> =>
    (await request('GET', `/inventory/products/${productId}`)).body.quantity;

  const order = (customerId: string, lines: unknown[], options: { token?: string; key?: string } = {}) =>
    request(
      'POST',
      '/sales/orders',
      { customerId, lines, payment: { method: 'card', token: options.token ?? 'tok_visa' } },
      options.key ? { 'idempotency-key': options.key } : undefined,
    );

  /** Other test files publish too, some of them malformed messages on purpose: read defensively. */
  const events = async (type: string): Promise<Json[]> =>
    (await request('GET', `/__local/events?type=${type}`)).body.items;

  /**
   * The events of a type that match, once at least one has arrived and a further second has passed,
   * so that "exactly one" also sees a duplicate published a moment after the first.
   */
  async function settledEvents(type: string, match: (event: Json) => boolean): Promise<Json[]> {
    const read = async () => (await events(type)).filter(match);
    await eventually(read, (found) => found.length > 0);
    await sleep(1000);
    return read();
  }

  async function withFault<T>(
    target: string,
    run: () => Promise<T>,
    mode: 'unavailable' | 'slow' = 'unavailable',
  ) {
    const fault = mode === 'slow' ? { target, mode, delayMs: 3000 } : { target, mode };
    const set = await request('POST', '/__local/faults', fault);
    if (set.status >= 300) throw new Error(`fault: ${set.status}`);
    try {
      return await run();
    } finally {
      await request('DELETE', '/__local/faults');
    }
  }

  return { call: request, product, stockOf, order, events, settledEvents, withFault };
}

export type SalesClient = ReturnType<typeof salesClient>;
export type { CallResult, Json };

/**
 * A Sales client on a runtime of the calling suite's own, started before its tests and removed after
 * them: for tests that set faults or count invoice numbers, which must not reach other suites.
 */
export function privateSalesClient(): () => SalesClient {
  let runtime: TestRuntime | undefined;
  let api: SalesClient | undefined;
  beforeAll(async () => {
    runtime = await startTestRuntime({ env: { DEMO_DATA: 'false' } });
    api = salesClient(runtime.baseUrl);
  }, 90_000);
  afterAll(async () => {
    await runtime?.stop();
    runtime?.remove();
  });
  return () => {
    if (!api) throw new Error('the private runtime did not start');
    return api;
  };
}
