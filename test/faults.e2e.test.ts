import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { startTestRuntime, type TestRuntime } from './support/runtime.ts';
import { type Json, type SalesClient, salesClient } from './support/sales-client.ts';
import { describeLocal } from './support/target.ts';
import { eventually, unique } from './support/wait.ts';

// Failures of a dependency, of the messaging emulator and of the whole process (API.md, "Local runtime":
// `/__local/faults`). Each scenario runs on its own runtime, so no fault ever reaches another test file.

/** Sales re-reads a cached price from Pricing once it is older than this (PRICE_FRESH_MS, 1 s). */
const PRICE_FRESH_MS = 1_000;

async function onOwnRuntime(run: (api: SalesClient, runtime: TestRuntime) => Promise<void>): Promise<void> {
  const runtime = await startTestRuntime({ env: { DEMO_DATA: 'false' } });
  try {
    await run(salesClient(runtime.baseUrl), runtime);
  } finally {
    await runtime.stop();
    runtime.remove();
  }
}

const fault = async (api: SalesClient, body: Record<string, unknown>) => {
  const set = await api.call('POST', '/__local/faults', body);
  if (set.status !== 200) throw new Error(`fault ${JSON.stringify(body)}: ${set.status}`);
};

const clearFaults = async (api: SalesClient) => {
  const cleared = await api.call('DELETE', '/__local/faults');
  if (cleared.status !== 200) throw new Error(`clearing faults: ${cleared.status}`);
};

const movementsOf = async (api: SalesClient, productId: string): Promise<Json[]> => {
  const items: Json[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = await api.call('GET', `/inventory/products/${productId}/movements?limit=100${query}`);
    if (page.status !== 200) throw new Error(`movements of ${productId}: ${page.status}`);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
};

const ordersOf = async (api: SalesClient, customerId: string): Promise<Json[]> => {
  const items: Json[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = await api.call('GET', `/sales/orders?customerId=${customerId}&limit=100${query}`);
    if (page.status !== 200) throw new Error(`orders of ${customerId}: ${page.status}`);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
};

const confirmedFor = async (api: SalesClient, customerId: string) =>
  (await api.events('OrderConfirmed')).filter((e) => e?.data?.customerId === customerId);

describeLocal('a dependency down or slow (each on its own runtime)', () => {
  it('Pricing down: a price Sales cached still sells; an uncached one is 503 price_unavailable and reserves nothing', async () => {
    await onOwnRuntime(async (api) => {
      const cached = await api.product(10, 1990);
      const uncached = await api.product(5);
      expect((await api.order(unique('cus'), [{ productId: cached, quantity: 1 }])).status).toBe(201);
      await sleep(PRICE_FRESH_MS + 100); // past freshness, so Sales asks Pricing and meets the fault
      const customerId = unique('cus');

      await fault(api, { target: 'pricing', mode: 'unavailable' });
      let sold: Awaited<ReturnType<SalesClient['order']>>;
      let refused: Awaited<ReturnType<SalesClient['order']>>;
      let mixed: Awaited<ReturnType<SalesClient['order']>>;
      try {
        sold = await api.order(customerId, [{ productId: cached, quantity: 2 }]);
        refused = await api.order(customerId, [{ productId: uncached, quantity: 1 }]);
        mixed = await api.order(customerId, [
          { productId: cached, quantity: 1 },
          { productId: uncached, quantity: 1 },
        ]);
      } finally {
        await clearFaults(api);
      }

      expect(sold.status).toBe(201);
      expect(sold.body.lines).toEqual([expect.objectContaining({ productId: cached, unitAmount: 1990 })]);
      expect(sold.body.total).toEqual({ amount: 3980, currency: 'BRL' });
      for (const answer of [refused, mixed]) {
        expect(answer.status).toBe(503);
        expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(answer.body.code).toBe('price_unavailable');
        expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
      }
      expect(await api.stockOf(cached)).toBe(7);
      expect(await api.stockOf(uncached)).toBe(5);
      expect((await movementsOf(api, uncached)).map((m) => m.reason)).toEqual(['initial']);
      const orders = await ordersOf(api, customerId);
      expect(orders.map((o) => o.orderId)).toEqual([sold.body.orderId]);
      const events = await confirmedFor(api, customerId);
      expect(events.every((e) => e.data.orderId === sold.body.orderId)).toBe(true);
    });
  });

  it('Pricing slower than its time-box: the order is answered within the budget, at the cached price', async () => {
    await onOwnRuntime(async (api) => {
      const productId = await api.product(10, 800);
      expect((await api.order(unique('cus'), [{ productId, quantity: 1 }])).status).toBe(201);
      await sleep(PRICE_FRESH_MS + 100);

      await fault(api, { target: 'pricing', mode: 'slow', delayMs: 5000 });
      let placed: Awaited<ReturnType<SalesClient['order']>>;
      let elapsedMs: number;
      try {
        const started = Date.now();
        placed = await api.order(unique('cus'), [{ productId, quantity: 1 }]);
        elapsedMs = Date.now() - started;
      } finally {
        await clearFaults(api);
      }

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

      await fault(api, { target: 'inventory', mode: 'unavailable' });
      let placed: Awaited<ReturnType<SalesClient['order']>>;
      try {
        placed = await api.order(customerId, [{ productId, quantity: 2 }]);
      } finally {
        await clearFaults(api);
      }

      expect(placed.status).toBe(503);
      expect(placed.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(placed.body.code).toBe('dependency_unavailable');
      expect(await api.stockOf(productId)).toBe(5);
      expect((await movementsOf(api, productId)).map((m) => m.reason)).toEqual(['initial']);
      expect(await ordersOf(api, customerId)).toEqual([]);
      expect(await confirmedFor(api, customerId)).toEqual([]);
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

  it('delivers every outbox event exactly once when it returns', async () => {
    await onOwnRuntime(async (api, runtime) => {
      const [apple, pear] = [await api.product(20, 500), await api.product(20, 300)];
      // Quiet first: the PriceChanged of the setup are out before the emulator goes.
      await eventually(
        async () =>
          (await api.events('PriceChanged')).filter((e) => [apple, pear].includes(e?.data?.productId)),
        (events) => events.length === 2,
      );
      const customerId = unique('cus');

      await fault(api, { target: 'messaging', mode: 'unavailable' });
      let placed: Awaited<ReturnType<SalesClient['order']>>[] = [];
      let cancelled: Awaited<ReturnType<SalesClient['call']>>;
      let stockWhileDown: number;
      try {
        placed = [
          await api.order(customerId, [{ productId: apple, quantity: 1 }]),
          await api.order(customerId, [
            { productId: apple, quantity: 2 },
            { productId: pear, quantity: 1 },
          ]),
          await api.order(customerId, [{ productId: pear, quantity: 3 }]),
          await api.order(customerId, [{ productId: pear, quantity: 2 }]),
        ];
        cancelled = await api.call('POST', `/sales/orders/${placed[3]?.body.orderId}/cancel`);
        // Long enough for the stream publisher to fail and back off, and for the sweeper (rows older
        // than 10 s, every 5 s) to find the rows too: both paths are live when the emulator returns.
        await sleep(11_000);
        stockWhileDown = await api.stockOf(pear);
      } finally {
        await clearFaults(api);
      }

      expect(placed.map((p) => p.status)).toEqual([201, 201, 201, 201]);
      expect(cancelled.status).toBe(200);
      // The cancellation reaches Inventory only as OrderCancelled, which could not be delivered.
      expect(stockWhileDown).toBe(20 - 1 - 3 - 2);
      const orderIds = placed.map((p) => p.body.orderId as string);
      await eventually(
        async () => (await outboxSize(runtime, 'sales')) + (await outboxSize(runtime, 'inventory')),
        (rows) => rows === 0,
        30_000,
      );
      const confirmed = await eventually(
        () => confirmedFor(api, customerId),
        (events) => events.length >= orderIds.length,
      );
      await sleep(1000); // a duplicate published with the last row would be in the log by now

      const again = await confirmedFor(api, customerId);
      expect(again).toHaveLength(confirmed.length);
      expect(again.map((e) => e.data.orderId).sort()).toEqual([...orderIds].sort());
      const cancellations = (await api.events('OrderCancelled')).filter(
        (e) => e?.data?.orderId === orderIds[3],
      );
      expect(cancellations).toHaveLength(1);
      const reservations = await Promise.all(
        orderIds.map(async (id) => (await api.call('GET', `/inventory/reservations/${id}`)).body.status),
      );
      expect(reservations).toEqual(['COMMITTED', 'COMMITTED', 'COMMITTED', 'RELEASED']);
      expect(
        await eventually(
          () => api.stockOf(pear),
          (q) => q === 16,
        ),
      ).toBe(16);
      expect(await api.stockOf(apple)).toBe(17);
    });
  }, 60_000);
});

describeLocal('the runtime killed with SIGKILL in the middle of a burst of orders', () => {
  /** The Java process of a runtime with this data directory; the watchdog ends it once its parent dies. */
  const javaAlive = (dataDir: string): boolean =>
    spawnSync('pgrep', ['-f', `DynamoDBLocal.jar.*${join(dataDir, 'dynamodb')}`], {
      encoding: 'utf8',
    }).stdout.trim() !== '';

  it('keeps orders and stock movements together after a restart on the same data', async () => {
    const initial = 20;
    // Reservations keep the expiry they were made with: 10 s outlasts the first runtime (killed at most
    // 8 s into the burst), so none expires before the crash, and has passed soon after the restart.
    const first = await startTestRuntime({ env: { DEMO_DATA: 'false', RESERVATION_TTL_SECONDS: '10' } });
    const dataDir = first.dataDir;
    let second: TestRuntime | undefined;
    try {
      let api = salesClient(first.baseUrl);
      const products = [
        await api.product(initial, 1000),
        await api.product(initial, 250),
        await api.product(initial, 75),
      ];
      const customerId = unique('cus');
      // 40 orders of one or two lines, 1–3 units each: more than the 60 units there are.
      const orders = Array.from({ length: 40 }, (_, i) => {
        const line = (k: number) => ({ productId: products[k % 3]!, quantity: 1 + ((i + k) % 3) });
        return i % 2 === 0 ? [line(i)] : [line(i), line(i + 1)];
      });
      // Killed once a few orders are through: others are then at every step of the flow.
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
      await Promise.race([killPoint, sleep(8_000, undefined, { ref: false })]);

      const exit = await first.kill('SIGKILL');
      const outcomes = await burst;
      expect(exit.signal).toBe('SIGKILL');
      // Some orders were cut off, or the scenario did not test a crash mid-burst.
      expect(outcomes.some((o) => o.status === 'rejected')).toBe(true);
      const deadline = Date.now() + 15_000;
      while (javaAlive(dataDir) && Date.now() < deadline) await sleep(100);

      second = await startTestRuntime({ dataDir, env: { DEMO_DATA: 'false', RESERVATION_TTL_SECONDS: '3' } });
      api = salesClient(second.baseUrl);
      const movements = new Map<string, Json[]>();
      for (const productId of products) movements.set(productId, await movementsOf(api, productId));
      const reservationIds = [
        ...new Set(
          [...movements.values()].flat().flatMap((m) => (m.reason === 'reservation' ? [m.reference] : [])),
        ),
      ];
      // Abandoned reservations expire, those of recorded orders are committed: none stays ACTIVE.
      const statuses = await eventually(
        async () =>
          new Map(
            await Promise.all(
              reservationIds.map(
                async (id) =>
                  [
                    id,
                    (await api.call('GET', `/inventory/reservations/${id}`)).body.status as string,
                  ] as const,
              ),
            ),
          ),
        (byId) => [...byId.values()].every((status) => status !== 'ACTIVE'),
        40_000,
      );

      for (const productId of products) movements.set(productId, await movementsOf(api, productId));
      const confirmed = (await ordersOf(api, customerId)).filter((o) => o.status === 'CONFIRMED');
      const confirmedIds = new Set(confirmed.map((o) => o.orderId as string));
      expect(confirmed.length).toBeGreaterThan(0);
      expect([...statuses.values()].filter((s) => s === 'ACTIVE')).toEqual([]);

      // No order without its stock movement (and its stock kept for good).
      for (const order of confirmed) {
        expect(statuses.get(order.orderId)).toBe('COMMITTED');
        for (const line of order.lines) {
          const own = movements
            .get(line.productId)!
            .filter((m) => m.reference === order.orderId && m.reason === 'reservation');
          expect(own.map((m) => m.delta)).toEqual([-line.quantity]);
        }
      }
      for (const productId of products) {
        const ledger = movements.get(productId)!;
        // No stock movement without its order or reservation: a taken unit is sold or returned once.
        for (const m of ledger.filter((x) => x.reason === 'reservation')) {
          const returned = ledger.filter(
            (x) =>
              x.reference === m.reference &&
              ['reservation-expired', 'reservation-released'].includes(x.reason),
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
        // initial stock = stock + units sold, and the ledger adds up to the stock.
        const sold = confirmed
          .flatMap((o) => o.lines)
          .filter((l: Json) => l.productId === productId)
          .reduce((sum: number, l: Json) => sum + l.quantity, 0);
        const stock = await api.stockOf(productId);
        expect({ productId, total: stock + sold }).toEqual({ productId, total: initial });
        expect(ledger.reduce((sum, m) => sum + m.delta, 0)).toBe(stock);
        expect(ledger[0].quantityAfter).toBe(stock);
      }
    } finally {
      await first.stop();
      await second?.stop();
      first.remove();
    }
  }, 90_000);
});
