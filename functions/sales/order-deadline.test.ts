import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { deadlineFromContext, outOfTime, SAFETY_MARGIN_MS, timeoutFor, withDeadline } from '#lib/deadline.ts';
import type { AppError } from '#lib/errors.ts';
import type { UnnumberedOrder } from './domain/order.ts';
import type { ChargeResult, Clock, StockLine } from './ports.ts';
import { placeOrder as placeOrderRoute } from './routes.ts';
import {
  CountingMetrics,
  FakeInventory,
  FakeOrders,
  FakePayments,
  FakePriceCache,
  FakePricing,
} from './use-cases/fakes.ts';
import { stepBudgetMs, UNDO_MS } from './use-cases/order-steps.ts';
import { makePlaceOrder } from './use-cases/place-order.ts';
import { makePriceSource } from './use-cases/price-lines.ts';

/**
 * The order path's worst case against the place-order Lambda's own timeout (its route entry): every
 * outbound call takes as long as it is allowed to, then answers. Time is jest's fake clock, so the
 * deadline (Date.now based) and the waits move together and a 20 s path runs in milliseconds.
 */
const timeoutMs = (placeOrderRoute.timeoutSeconds ?? 10) * 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A call at its worst: it answers only at its time-out, its own cap cut to the deadline (what the
 * adapters do with `timeoutFor`). Infinity: a call with no cap of its own, that takes all it is given.
 * Answers whether there was any time for it at all.
 */
async function slowCall(capMs: number): Promise<boolean> {
  const box = timeoutFor(capMs);
  await sleep(box);
  return box > 0;
}

/** Each step's cap in the adapters (and the store), or Infinity for steps that take all they are given. */
interface Caps {
  pricingAttempt: number;
  reserve: number;
  charge: number;
  record: number;
  inventoryAttempt: number;
}

const adapterCaps: Caps = {
  pricingAttempt: 800, // pricing-http: 800 ms, one retry
  reserve: 9000, // inventory-http: Inventory's retry budget + 3 s
  charge: 2000, // a payment provider's call (the simulator itself answers at once)
  record: 8000, // the store's RECORD_BUDGET_MS
  inventoryAttempt: 2000, // inventory-http release: 2 s, one retry
};
const greedy: Caps = {
  pricingAttempt: Number.POSITIVE_INFINITY,
  reserve: Number.POSITIVE_INFINITY,
  charge: Number.POSITIVE_INFINITY,
  record: Number.POSITIVE_INFINITY,
  inventoryAttempt: Number.POSITIVE_INFINITY,
};

class SlowInventory extends FakeInventory {
  readonly caps: Caps;
  constructor(caps: Caps) {
    super();
    this.caps = caps;
  }
  /** Two attempts at most, the second only if time is left (service-client). */
  private async twoAttempts(): Promise<boolean> {
    if (await slowCall(this.caps.inventoryAttempt)) return true;
    return slowCall(this.caps.inventoryAttempt);
  }
  override async reserve(id: string, lines: StockLine[]) {
    if (!(await slowCall(this.caps.reserve))) throw outOfTime('reserve');
    return super.reserve(id, lines);
  }
  override async release(id: string) {
    if (!(await this.twoAttempts())) throw outOfTime('release');
    return super.release(id);
  }
}

/** Pricing never answers in time: both attempts time out, so the cached price serves. */
class SlowPricing extends FakePricing {
  readonly caps: Caps;
  constructor(caps: Caps) {
    super();
    this.caps = caps;
  }
  override async currentPrices(): Promise<never> {
    await slowCall(this.caps.pricingAttempt);
    await slowCall(this.caps.pricingAttempt);
    throw outOfTime('pricing');
  }
}

class SlowOrders extends FakeOrders {
  recordsStarted = 0;
  readonly caps: Caps;
  readonly recording: 'lands' | 'fails';
  constructor(caps: Caps, recording: 'lands' | 'fails') {
    super();
    this.caps = caps;
    this.recording = recording;
  }
  override async recordConfirmed(order: UnnumberedOrder, correlationId: string, key?: string) {
    this.recordsStarted++;
    const inTime = await slowCall(this.caps.record);
    if (!inTime || this.recording === 'fails') throw outOfTime('record');
    return super.recordConfirmed(order, correlationId, key);
  }
}

function setup(caps: Caps, recording: 'lands' | 'fails', chargeMs?: number) {
  const clock: Clock = { now: () => new Date() };
  const inventory = new SlowInventory(caps);
  const orders = new SlowOrders(caps, recording);
  const payments = new FakePayments();
  const charge = payments.charge;
  payments.charge = async (request): Promise<ChargeResult> => {
    // chargeMs: a provider that overruns its share of the deadline (a call already in flight).
    if (chargeMs === undefined) await slowCall(caps.charge);
    else await sleep(chargeMs);
    return charge(request);
  };
  const cache = new FakePriceCache();
  const stale = new Date(Date.now() - 10_000).toISOString();
  cache.entries.set('p1', {
    productId: 'p1',
    amount: 1899,
    currency: 'BRL',
    listAmount: 1899,
    version: 1,
    fetchedAt: stale,
    currentAt: stale,
  });
  const metrics = new CountingMetrics();
  const prices = makePriceSource({
    cache,
    pricing: new SlowPricing(caps),
    clock,
    metrics,
    policy: { freshMs: 1000, maxAgeMs: 3_600_000 },
  });
  const placeOrder = makePlaceOrder({
    prices,
    inventory,
    payments,
    orders,
    clock,
    metrics,
    currency: 'BRL',
    newOrderId: () => 'ord_1',
  });
  inventory.stock.set('p1', 10);
  return { inventory, orders, payments, placeOrder };
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: AppError };

/** Places one order inside a fresh invocation of `lambdaTimeoutMs`; answers how it ended and when. */
async function invoke(placeOrder: ReturnType<typeof setup>['placeOrder'], lambdaTimeoutMs = timeoutMs) {
  const started = Date.now();
  const context = { getRemainingTimeInMillis: () => lambdaTimeoutMs - (Date.now() - started) };
  let endedAt = Number.NaN;
  const run = withDeadline(deadlineFromContext(context), () =>
    placeOrder(
      {
        customerId: 'c1',
        lines: [{ productId: 'p1', quantity: 2 }],
        payment: { method: 'card', token: 'tok_visa' },
      },
      'corr',
    ),
  ).then(
    (value): Outcome => ({ ok: true, value }),
    (error: unknown): Outcome => ({ ok: false, error: error as AppError }),
  );
  void run.then(() => {
    endedAt = Date.now();
  });
  await jest.runAllTimersAsync();
  const outcome = await run;
  return { outcome, tookMs: endedAt - started };
}

beforeEach(() => {
  jest.useFakeTimers({ now: Date.parse('2025-03-01T12:00:00.000Z') });
});
afterEach(() => {
  jest.useRealTimers();
});

describe.each([
  ['at the adapters’ caps', adapterCaps],
  ['taking all the time each is given', greedy],
])('the order path with every call %s', (_name, caps) => {
  it(`records the order inside the place-order Lambda's ${timeoutMs / 1000} s`, async () => {
    const { placeOrder, inventory, orders } = setup(caps, 'lands');

    const { outcome, tookMs } = await invoke(placeOrder);

    expect(outcome).toMatchObject({ ok: true, value: { orderId: 'ord_1', status: 'CONFIRMED' } });
    expect(tookMs).toBeLessThanOrEqual(timeoutMs - SAFETY_MARGIN_MS);
    expect(orders.orders.has('ord_1')).toBe(true);
    // kept, not given back: Inventory commits it on OrderConfirmed
    expect(inventory.reservations.get('ord_1')?.status).toBe('ACTIVE');
  });

  it('gives the stock and the money back, inside the timeout, when recording fails at its last moment', async () => {
    const { placeOrder, inventory, orders, payments } = setup(caps, 'fails');

    const { outcome, tookMs } = await invoke(placeOrder);

    expect(outcome).toMatchObject({ ok: false, error: { status: 503 } });
    expect(tookMs).toBeLessThanOrEqual(timeoutMs - SAFETY_MARGIN_MS);
    expect(orders.orders.size).toBe(0);
    // the release was left time for
    expect(inventory.reservations.get('ord_1')?.status).toBe('RELEASED');
    expect(inventory.stock.get('p1')).toBe(10);
    expect(payments.refunds).toEqual(['pay_ord_1']);
  });
});

describe('a step there is no longer time for', () => {
  it('is not started: a request with too little left for the whole path is refused before pricing', async () => {
    const { placeOrder, inventory, payments } = setup(adapterCaps, 'lands');

    // 4 s of deadline is under pricing 0.3 s + reserve 2 s + charge 0.5 s + record 1 s + undo 2.5 s.
    const { outcome, tookMs } = await invoke(placeOrder, 5000);

    expect(outcome).toMatchObject({ ok: false, error: { code: 'dependency_unavailable', status: 503 } });
    expect(outcome.ok === false && outcome.error.headers).toEqual({ 'retry-after': '1' });
    expect(tookMs).toBeLessThanOrEqual(5000 - SAFETY_MARGIN_MS);
    expect(inventory.calls.filter((call) => call.startsWith('reserve'))).toEqual([]);
    expect(inventory.stock.get('p1')).toBe(10);
    expect(payments.charges).toEqual([]);
  });

  it('is not started after a step overran its share: no recording, stock released, money refunded', async () => {
    // The charge overruns its share by far (a call already in flight cannot be stopped).
    const { placeOrder, inventory, orders, payments } = setup(adapterCaps, 'lands', 5000);

    const { outcome, tookMs } = await invoke(placeOrder);

    expect(outcome).toMatchObject({ ok: false, error: { code: 'dependency_unavailable', status: 503 } });
    expect(outcome.ok === false && outcome.error.headers).toEqual({ 'retry-after': '1' });
    expect(orders.recordsStarted).toBe(0);
    expect(inventory.reservations.get('ord_1')?.status).toBe('RELEASED');
    expect(payments.refunds).toEqual(['pay_ord_1']);
    expect(tookMs).toBeLessThanOrEqual(timeoutMs - SAFETY_MARGIN_MS);
  });
});

describe('the step budgets', () => {
  it('keep what the later steps need, and the undo until the order is recorded', () => {
    // 19 s left: pricing may take all but reserve 2 s + charge 0.5 s + record 1 s + undo 2.5 s
    expect(stepBudgetMs('price', 19_000)).toBe(13_000);
    expect(stepBudgetMs('reserve', 17_400)).toBe(17_400 - 1500 - UNDO_MS);
    expect(stepBudgetMs('record', 3400)).toBe(900);
    expect(stepBudgetMs('reserve', 1000)).toBe(0);
  });
});
