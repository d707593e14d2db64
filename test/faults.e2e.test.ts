import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { eventSource } from './support/event-sources.ts';
import { startTestRuntime, type TestRuntime } from './support/runtime.ts';
import {
  type CallResult,
  type Json,
  pricesStaleSince,
  type SalesClient,
  salesClient,
} from './support/sales-client.ts';
import { describeLocal } from './support/target.ts';
import { eventually, settlesWithin, unique, waitFor } from './support/wait.ts';

// Failures of a dependency, of the messaging emulator and of the whole process (API.md, "Local runtime":
// `/__local/faults`). Each scenario runs on its own runtime, so no fault ever reaches another test file.

async function onOwnRuntime(run: (api: SalesClient, runtime: TestRuntime) => Promise<void>): Promise<void> {
  const runtime = await startTestRuntime({ env: { DEMO_DATA: 'false' } });
  try {
    await run(salesClient(runtime), runtime);
  } finally {
    await runtime.stop();
    runtime.remove();
  }
}

const confirmedFor = async (api: SalesClient, customerId: string) =>
  (await api.events('OrderConfirmed')).filter((e) => e?.data?.customerId === customerId);

/** A 503 problem with this code, telling the client when to come back. */
function expectUnavailable(answer: CallResult, code: string, { retryAfter }: { retryAfter: boolean }) {
  expect(answer.status).toBe(503);
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(answer.body.code).toBe(code);
  if (retryAfter) expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
}

/** Nothing of a refused order is kept: the stock, its ledger, the customer's orders, OrderConfirmed. */
async function expectNothingKept(api: SalesClient, productId: string, stock: number, customerId?: string) {
  expect(await api.stockOf(productId)).toBe(stock);
  expect((await api.movementsOf(productId)).map((m) => m.reason)).toEqual(['initial']);
  if (customerId === undefined) return;
  expect(await api.ordersOf(customerId)).toEqual([]);
  expect(await confirmedFor(api, customerId)).toEqual([]);
}

describeLocal('a dependency down or slow (each on its own runtime)', () => {
  it('Pricing down: a price Sales cached still sells; an uncached one is 503 price_unavailable and reserves nothing', async () => {
    await onOwnRuntime(async (api) => {
      // Arrange: a price Sales cached by selling it, now past freshness (so Sales asks Pricing and meets
      // the fault), and a product Pricing was never asked about.
      const cached = await api.product(10, 1990);
      const uncached = await api.product(5);
      expect((await api.order(unique('cus'), [{ productId: cached, quantity: 1 }])).status).toBe(201);
      await pricesStaleSince(Date.now());
      const customerId = unique('cus');

      // Act
      const { sold, refused, mixed } = await api.withFault('pricing', async () => ({
        sold: await api.order(customerId, [{ productId: cached, quantity: 2 }]),
        refused: await api.order(customerId, [{ productId: uncached, quantity: 1 }]),
        mixed: await api.order(customerId, [
          { productId: cached, quantity: 1 },
          { productId: uncached, quantity: 1 },
        ]),
      }));

      // Assert
      expect(sold.status).toBe(201);
      expect(sold.body.lines).toEqual([expect.objectContaining({ productId: cached, unitAmount: 1990 })]);
      expect(sold.body.total).toEqual({ amount: 3980, currency: 'BRL' });
      for (const answer of [refused, mixed])
        expectUnavailable(answer, 'price_unavailable', { retryAfter: true });
      expect(await api.stockOf(cached)).toBe(7);
      await expectNothingKept(api, uncached, 5);
      const orders = await api.ordersOf(customerId);
      expect(orders.map((o) => o.orderId)).toEqual([sold.body.orderId]);
      const events = await confirmedFor(api, customerId);
      expect(events.every((e) => e.data.orderId === sold.body.orderId)).toBe(true);
    });
  });

  it('Pricing slower than its time-box: the order is answered within the budget, at the cached price', async () => {
    await onOwnRuntime(async (api) => {
      // Arrange: a cached price, past freshness.
      const productId = await api.product(10, 800);
      expect((await api.order(unique('cus'), [{ productId, quantity: 1 }])).status).toBe(201);
      await pricesStaleSince(Date.now());

      // Act
      const { placed, elapsedMs } = await api.withFault(
        { target: 'pricing', mode: 'slow', delayMs: 5000 },
        async () => {
          const started = Date.now();
          const placed = await api.order(unique('cus'), [{ productId, quantity: 1 }]);
          return { placed, elapsedMs: Date.now() - started };
        },
      );

      // Assert
      expect(placed.status).toBe(201);
      expect(placed.body.lines[0]).toMatchObject({ productId, unitAmount: 800 });
      // Pricing answers after 5 s; the call to it is time-boxed (800 ms, one retry), so the sale is not.
      expect(elapsedMs).toBeLessThan(4000);
      expect(await api.stockOf(productId)).toBe(8);
    });
  });

  it('Inventory down: 503 dependency_unavailable, and nothing is kept', async () => {
    await onOwnRuntime(async (api) => {
      const productId = await api.product(5, 700);
      const customerId = unique('cus');

      const placed = await api.withFault('inventory', () =>
        api.order(customerId, [{ productId, quantity: 2 }]),
      );

      expectUnavailable(placed, 'dependency_unavailable', { retryAfter: false });
      await expectNothingKept(api, productId, 5, customerId);
    });
  });
});

describeLocal('the SNS/SQS emulator stopped while orders are placed (own runtime)', () => {
  /** Outbox rows still waiting in a service's table; none means every event was published. */
  const outboxSize = async (runtime: TestRuntime, table: string): Promise<number> => {
    const client = new DynamoDBClient({
      endpoint: runtime.dynamodbEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      const { Count = 0 } = await client.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: 'OUTBOX' } },
          Select: 'COUNT',
        }),
      );
      return Count;
    } finally {
      client.destroy();
    }
  };

  /** How often Sales' two ways out of the outbox, its stream publisher and its sweeper, have failed. */
  const publisherFailures = async (runtime: TestRuntime) => ({
    stream: (await eventSource(runtime.baseUrl, 'stream', 'sales-outbox')).failures,
    sweep: (await eventSource(runtime.baseUrl, 'schedule', 'sales-outbox-sweep')).failures,
  });

  /**
   * Until both ways out have failed on the rows written since `before`: the stream publisher at once,
   * the sweeper once the rows are past its 10 s grace. Then both are live when the emulator returns.
   */
  const bothPublishersFailed = (runtime: TestRuntime, before: { stream: number; sweep: number }) =>
    eventually(
      () => publisherFailures(runtime),
      (now) => now.stream > before.stream && now.sweep > before.sweep,
      30_000,
    ).then((now) => now.stream > before.stream && now.sweep > before.sweep);

  it('delivers every outbox event exactly once when it returns', async () => {
    await onOwnRuntime(async (api, runtime) => {
      // Arrange: quiet first, the PriceChanged of the setup are out before the emulator goes.
      const [apple, pear] = [await api.product(20, 500), await api.product(20, 300)];
      await eventually(
        async () =>
          (await api.events('PriceChanged')).filter((e) => [apple, pear].includes(e?.data?.productId)),
        (events) => events.length === 2,
      );
      const customerId = unique('cus');
      const before = await publisherFailures(runtime);

      // Act: four orders and a cancellation while the emulator is down, until both publishers failed on them.
      const down = await api.withFault({ target: 'messaging', mode: 'unavailable' }, async () => {
        const placed = [
          await api.order(customerId, [{ productId: apple, quantity: 1 }]),
          await api.order(customerId, [
            { productId: apple, quantity: 2 },
            { productId: pear, quantity: 1 },
          ]),
          await api.order(customerId, [{ productId: pear, quantity: 3 }]),
          await api.order(customerId, [{ productId: pear, quantity: 2 }]),
        ];
        const cancelled = await api.call('POST', `/sales/orders/${placed[3]?.body.orderId}/cancel`);
        const publishersFailed = await bothPublishersFailed(runtime, before);
        return { placed, cancelled, publishersFailed, stockWhileDown: await api.stockOf(pear) };
      });

      // Assert: taken while down; the cancellation reaches Inventory only as OrderCancelled, undelivered.
      expect(down.placed.map((p) => p.status)).toEqual([201, 201, 201, 201]);
      expect(down.cancelled.status).toBe(200);
      expect(down.publishersFailed).toBe(true);
      expect(down.stockWhileDown).toBe(20 - 1 - 3 - 2);

      // Act: the emulator is back; every outbox row goes out.
      const orderIds = down.placed.map((p) => p.body.orderId as string);
      await eventually(
        async () => (await outboxSize(runtime, 'sales')) + (await outboxSize(runtime, 'inventory')),
        (rows) => rows === 0,
        30_000,
      );
      const confirmed = await eventually(
        () => confirmedFor(api, customerId),
        (events) => events.length >= orderIds.length,
      );
      // Settled: a duplicate published with the last row would be in the log by now.
      const again = await api.settledEvents('OrderConfirmed', (e) => e.data?.customerId === customerId);
      const cancellations = await api.settledEvents('OrderCancelled', (e) => e.data?.orderId === orderIds[3]);
      // Inventory commits on OrderConfirmed (Sales makes no commit call): once it has read them.
      const reservations = await eventually(
        () => Promise.all(orderIds.map((id) => api.reservationStatus(id))),
        (statuses) => !statuses.includes('ACTIVE'),
      );
      const pearStock = await eventually(
        () => api.stockOf(pear),
        (q) => q === 16,
      );

      // Assert: each event exactly once, and Inventory's state follows them.
      expect(again).toHaveLength(confirmed.length);
      expect(again.map((e) => e.data.orderId).sort()).toEqual([...orderIds].sort());
      expect(cancellations).toHaveLength(1);
      expect(reservations).toEqual(['COMMITTED', 'COMMITTED', 'COMMITTED', 'RELEASED']);
      expect(pearStock).toBe(16);
      expect(await api.stockOf(apple)).toBe(17);
    });
  }, 60_000);

  it('answers a return while it is down, and publishes its OrderReturned once when it is back', async () => {
    await onOwnRuntime(async (api, runtime) => {
      // Arrange: an order whose OrderConfirmed is out before the emulator goes.
      const productId = await api.product(10, 800);
      const placed = await api.order(unique('cus'), [{ productId, quantity: 3 }]);
      expect(placed.status).toBe(201);
      const orderId = placed.body.orderId as string;
      await api.expectOneEvent('OrderConfirmed', (e) => e.data?.orderId === orderId);
      const before = await publisherFailures(runtime);
      const returnId = unique('ret');

      // Act: the return while the emulator is down, until both publishers failed on its event.
      const down = await api.withFault({ target: 'messaging', mode: 'unavailable' }, async () => {
        const returned = await api.call('POST', `/sales/orders/${orderId}/returns`, {
          returnId,
          lines: [{ productId, quantity: 2 }],
          restock: true,
        });
        const publishersFailed = await bothPublishersFailed(runtime, before);
        const published = (await api.events('OrderReturned')).filter((e) => e?.data?.orderId === orderId);
        return { returned, publishersFailed, published };
      });

      // Assert: answered and recorded while down, published only once it is back, exactly once.
      expect(down.returned.status).toBe(201);
      expect(down.publishersFailed).toBe(true);
      expect(down.published).toEqual([]);
      await eventually(
        () => outboxSize(runtime, 'sales'),
        (rows) => rows === 0,
        30_000,
      );
      const events = await api.settledEvents('OrderReturned', (e) => e.data?.orderId === orderId);
      expect(events).toHaveLength(1);
      expect(events[0].data).toMatchObject({
        returnId,
        restock: true,
        refund: { amount: 1600, currency: 'BRL' },
        creditNoteNumber: down.returned.body.creditNoteNumber,
        actor: 'client:admin',
      });
      expect((await api.call('GET', `/sales/orders/${orderId}`)).body.status).toBe('PARTIALLY_RETURNED');
    });
  }, 60_000);
});

describeLocal('the runtime killed with SIGKILL in the middle of a burst of orders', () => {
  const initial = 20;

  /** The Java process of a runtime with this data directory; the watchdog ends it once its parent dies. */
  const javaAlive = (dataDir: string): boolean =>
    spawnSync('pgrep', ['-f', `DynamoDBLocal.jar.*${join(dataDir, 'dynamodb')}`], {
      encoding: 'utf8',
    }).stdout.trim() !== '';

  /** 40 orders of one or two lines, 1–3 units each: more than the 60 units there are. */
  const burstOf = (products: string[]) =>
    Array.from({ length: 40 }, (_, i) => {
      const line = (k: number) => ({ productId: products[k % 3]!, quantity: 1 + ((i + k) % 3) });
      return i % 2 === 0 ? [line(i)] : [line(i), line(i + 1)];
    });

  /** Sends every order at once and kills the runtime once a few are through: others are then at every step. */
  async function killMidBurst(runtime: TestRuntime, api: SalesClient, customerId: string, orders: Json[][]) {
    let sold = 0;
    let someSold: () => void = () => undefined;
    const killPoint = new Promise<void>((resolve) => {
      someSold = resolve;
    });
    const burst = Promise.allSettled(
      orders.map(async (lines) => {
        const answer = await api.order(customerId, lines);
        if (answer.status === 201 && ++sold >= 3) someSold();
        return answer.status;
      }),
    );
    await settlesWithin(killPoint, 8_000);
    const exit = await runtime.kill('SIGKILL');
    return { exit, outcomes: await burst };
  }

  /** Each product's ledger, newest first. */
  const ledgersOf = async (api: SalesClient, products: string[]) =>
    new Map(await Promise.all(products.map(async (id) => [id, await api.movementsOf(id)] as const)));

  /** Reservation statuses, polled until none is ACTIVE any more (or the time is up). */
  const settledReservations = (api: SalesClient, reservationIds: string[]) =>
    eventually(
      async () =>
        new Map(
          await Promise.all(reservationIds.map(async (id) => [id, await api.reservationStatus(id)] as const)),
        ),
      (byId) => [...byId.values()].every((status) => status !== 'ACTIVE'),
      40_000,
    );

  /** No order without its stock movement (and its stock kept for good). */
  function expectEveryOrderHasItsMovement(
    confirmed: Json[],
    ledgers: Map<string, Json[]>,
    statuses: Map<string, string>,
  ) {
    for (const order of confirmed) {
      expect(statuses.get(order.orderId)).toBe('COMMITTED');
      for (const line of order.lines) {
        const own = ledgers
          .get(line.productId)!
          .filter((m) => m.reference === order.orderId && m.reason === 'reservation');
        expect(own.map((m) => m.delta)).toEqual([-line.quantity]);
      }
    }
  }

  /** No stock movement without its order or reservation: a taken unit is sold or returned once. */
  function expectEveryTakenUnitSoldOrReturnedOnce(
    ledger: Json[],
    confirmedIds: Set<string>,
    statuses: Map<string, string>,
  ) {
    for (const m of ledger.filter((x) => x.reason === 'reservation')) {
      const returned = ledger.filter(
        (x) =>
          x.reference === m.reference && ['reservation-expired', 'reservation-released'].includes(x.reason),
      );
      if (confirmedIds.has(m.reference)) expect(returned).toEqual([]);
      else {
        expect(statuses.get(m.reference)).toMatch(/^(EXPIRED|RELEASED)$/);
        expect(returned.map((x) => x.delta)).toEqual([-m.delta]);
      }
    }
    for (const m of ledger.filter((x) => x.reason !== 'reservation' && x.reason !== 'initial')) {
      expect(['reservation-expired', 'reservation-released']).toContain(m.reason);
      expect(ledger.some((x) => x.reason === 'reservation' && x.reference === m.reference)).toBe(true);
    }
  }

  it('keeps orders and stock movements together after a restart on the same data', async () => {
    // Arrange: reservations keep the expiry they were made with: 10 s outlasts the first runtime (killed
    // at most 8 s into the burst), so none expires before the crash, and has passed soon after the restart.
    const first = await startTestRuntime({ env: { DEMO_DATA: 'false', RESERVATION_TTL_SECONDS: '10' } });
    const dataDir = first.dataDir;
    let second: TestRuntime | undefined;
    try {
      const before = salesClient(first);
      const products = [
        await before.product(initial, 1000),
        await before.product(initial, 250),
        await before.product(initial, 75),
      ];
      const customerId = unique('cus');

      // Act: the crash, mid-burst
      const { exit, outcomes } = await killMidBurst(first, before, customerId, burstOf(products));
      expect(exit.signal).toBe('SIGKILL');
      // Some orders were cut off, or the scenario did not test a crash mid-burst.
      expect(outcomes.some((o) => o.status === 'rejected')).toBe(true);
      await waitFor(
        'the Java process of the killed runtime to end',
        async () => (javaAlive(dataDir) ? undefined : true),
        {
          timeoutMs: 15_000,
          everyMs: 100,
        },
      );

      // Act: the restart on the same data; abandoned reservations expire, those of recorded orders are
      // committed, so none stays ACTIVE.
      second = await startTestRuntime({ dataDir, env: { DEMO_DATA: 'false', RESERVATION_TTL_SECONDS: '3' } });
      const api = salesClient(second);
      const reservationIds = [
        ...new Set(
          [...(await ledgersOf(api, products)).values()]
            .flat()
            .flatMap((m) => (m.reason === 'reservation' ? [m.reference] : [])),
        ),
      ];
      const statuses = await settledReservations(api, reservationIds);
      const ledgers = await ledgersOf(api, products);
      const confirmed = (await api.ordersOf(customerId)).filter((o) => o.status === 'CONFIRMED');
      const confirmedIds = new Set(confirmed.map((o) => o.orderId as string));

      // Assert
      expect(confirmed.length).toBeGreaterThan(0);
      expect([...statuses.values()].filter((s) => s === 'ACTIVE')).toEqual([]);
      expectEveryOrderHasItsMovement(confirmed, ledgers, statuses);
      for (const productId of products) {
        expectEveryTakenUnitSoldOrReturnedOnce(ledgers.get(productId)!, confirmedIds, statuses);
        // initial stock = stock + units sold, and the ledger adds up to the stock.
        const sold = confirmed
          .flatMap((o) => o.lines)
          .filter((l: Json) => l.productId === productId)
          .reduce((sum: number, l: Json) => sum + l.quantity, 0);
        const { stock } = await api.expectLedgerBalances(productId);
        expect({ productId, total: stock + sold }).toEqual({ productId, total: initial });
      }
    } finally {
      await first.stop();
      await second?.stop();
      first.remove();
    }
  }, 90_000);
});
