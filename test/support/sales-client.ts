import { apiUrl, type CallResult, call, type Json } from './api.ts';
import { eventsLog, type RuntimeAddress, sharedRuntime } from './events-log.ts';
import { type Fault, withFault as withRuntimeFault } from './faults.ts';
import { allItems, inventoryClient } from './inventory-client.ts';
import { startTestRuntime, type TestRuntime } from './runtime.ts';
import { clockPast, unique } from './wait.ts';

/** Sales trusts a price it verified less than this ago without asking Pricing (PRICE_FRESH_MS, 1 s). */
export const PRICE_FRESH_MS = 1_000;

/**
 * Waits until every price Sales verified up to `since` (epoch ms, e.g. when an order that priced a
 * product was answered) is past freshness, so that its next order asks Pricing first.
 */
export const pricesStaleSince = (since: number) => clockPast(since + PRICE_FRESH_MS);

/**
 * The calls the Sales e2e tests make, against the shared runtime or a private one (faults are global to
 * a runtime, so tests that inject them use their own and disturb no other test file). A base URL alone
 * serves everything but settled events, which need the runtime's emulators.
 */
export function salesClient(runtime: string | RuntimeAddress = sharedRuntime()) {
  const address: RuntimeAddress =
    typeof runtime !== 'string'
      ? runtime
      : runtime === apiUrl()
        ? sharedRuntime()
        : { baseUrl: runtime, dynamodbEndpoint: '', messagingEndpoint: '' };
  const { baseUrl } = address;
  const request = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    call(method, path, {
      as: 'admin',
      baseUrl,
      ...(body === undefined ? {} : { body }),
      ...(headers ? { headers } : {}),
    });
  const inventory = inventoryClient(request);
  const log = eventsLog(address);

  async function setPrice(productId: string, amount: number): Promise<Json> {
    const priced = await request('PUT', `/prices/products/${productId}`, { amount, currency: 'BRL' });
    if (priced.status !== 200) throw new Error(`set price: ${priced.status} ${JSON.stringify(priced.body)}`);
    return priced.body;
  }

  /** A product with `quantity` in stock and, when `amount` is given, that list price. */
  async function product(quantity: number, amount?: number): Promise<string> {
    const productId = unique('sp');
    await inventory.createProduct(quantity, { productId, sku: productId, name: 'Café 500 g' });
    if (amount !== undefined) await setPrice(productId, amount);
    return productId;
  }

  const order = (customerId: string, lines: unknown[], options: { token?: string; key?: string } = {}) =>
    request(
      'POST',
      '/sales/orders',
      { customerId, lines, payment: { method: 'card', token: options.token ?? 'tok_visa' } },
      options.key ? { 'idempotency-key': options.key } : undefined,
    );

  /** Every order of a customer, newest first. */
  const ordersOf = (customerId: string): Promise<Json[]> =>
    allItems(request, `/sales/orders?customerId=${customerId}`);

  /**
   * Runs `run` with a fault in force (a target alone: unavailable, or slow by 3 s), and clears every
   * fault after it, however it ended.
   */
  const withFault = <T>(
    fault: Fault | Exclude<Fault['target'], 'messaging'>,
    run: () => Promise<T>,
    mode: Fault['mode'] = 'unavailable',
  ): Promise<T> =>
    withRuntimeFault(
      baseUrl,
      typeof fault !== 'string'
        ? fault
        : mode === 'slow'
          ? { target: fault, mode, delayMs: 3000 }
          : { target: fault, mode },
      run,
    );

  return {
    call: request,
    product,
    setPrice,
    stockOf: inventory.stockOf,
    movementsOf: inventory.movementsOf,
    reservationStatus: inventory.reservationStatus,
    expectLedgerBalances: inventory.expectLedgerBalances,
    order,
    ordersOf,
    events: log.events,
    settledEvents: log.settled,
    expectOneEvent: log.expectOne,
    log,
    withFault,
  };
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
    api = salesClient(runtime);
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
