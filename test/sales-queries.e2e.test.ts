import { inventoryClient } from './support/inventory-client.ts';
import { type CallResult, type Json, salesClient } from './support/sales-client.ts';
import { eventually, unique } from './support/wait.ts';

// The queries the operator console reads (API.md "Sales"): orders by time range and status, and the
// report by day and by named product. On the shared runtime: other suites' orders may fall in the
// same range, so these tests look for their own orders and products in what they read.

const api = salesClient();
const inventory = inventoryClient(api.call);

/** A product of its own name, in stock, at `amount`. */
async function namedProduct(name: string, amount: number): Promise<string> {
  const productId = await inventory.createProduct(50, { name });
  await api.setPrice(productId, amount);
  return productId;
}

/** Every page of `path` at `limit` a page, following its cursors (a page is at most `limit`). */
async function pagesOf(path: string, limit: number): Promise<Json[][]> {
  const pages: Json[][] = [];
  let cursor: string | null = null;
  do {
    const page = await api.call(
      'GET',
      `${path}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(page.status).toBe(200);
    expect(page.body.items.length).toBeLessThanOrEqual(limit);
    pages.push(page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return pages;
}

const ids = (orders: Json[]) => orders.map((order) => order.orderId as string);

describe('orders by time range', () => {
  it('lists the orders placed now in [from, to), newest first, with their totals, page by page', async () => {
    const productId = await namedProduct('Feijão 1 kg', 800);
    const from = new Date(Date.now() - 1000).toISOString();
    const placed: CallResult[] = [];
    for (const quantity of [1, 2, 3]) placed.push(await api.order(unique('cus'), [{ productId, quantity }]));
    const to = new Date(Date.now() + 1000).toISOString();

    const pages = await pagesOf(`/sales/orders?from=${from}&to=${to}`, 2);
    const all = pages.flat();
    const mine = all.filter((order) => placed.some((p) => p.body.orderId === order.orderId));

    expect(placed.map((p) => p.status)).toEqual([201, 201, 201]);
    expect(new Set(ids(all)).size).toBe(all.length);
    expect(ids(mine)).toEqual(ids(placed.map((p) => p.body)).reverse());
    expect(mine.map((order) => order.total)).toEqual([
      { amount: 2400, currency: 'BRL' },
      { amount: 1600, currency: 'BRL' },
      { amount: 800, currency: 'BRL' },
    ]);
    expect(mine[0]).toMatchObject({
      status: 'CONFIRMED',
      lines: [{ productId, name: 'Feijão 1 kg', quantity: 3, unitAmount: 800, lineTotal: 2400 }],
    });
    const created = all.map((order) => order.createdAt as string);
    expect(created).toEqual([...created].sort().reverse());
    expect(created.every((at) => at >= from && at < to)).toBe(true);
  });

  it('filters by status', async () => {
    const productId = await namedProduct('Arroz 5 kg', 2500);
    const from = new Date(Date.now() - 1000).toISOString();
    const kept = await api.order(unique('cus'), [{ productId, quantity: 1 }]);
    const cancelled = await api.order(unique('cus'), [{ productId, quantity: 1 }]);
    expect((await api.call('POST', `/sales/orders/${cancelled.body.orderId}/cancel`)).status).toBe(200);
    const to = new Date(Date.now() + 1000).toISOString();
    const range = `/sales/orders?from=${from}&to=${to}`;

    const onlyCancelled = (await pagesOf(`${range}&status=CANCELLED`, 1)).flat();
    const onlyConfirmed = (await pagesOf(`${range}&status=CONFIRMED`, 100)).flat();

    expect(ids(onlyCancelled)).toContain(cancelled.body.orderId);
    expect(ids(onlyCancelled)).not.toContain(kept.body.orderId);
    expect(onlyCancelled.every((order) => order.status === 'CANCELLED')).toBe(true);
    expect(ids(onlyConfirmed)).toContain(kept.body.orderId);
    expect(ids(onlyConfirmed)).not.toContain(cancelled.body.orderId);
    expect(onlyConfirmed.every((order) => order.status === 'CONFIRMED')).toBe(true);
  });

  it('refuses a range over 31 days, neither or both kinds of query, half a range and a foreign cursor, naming the field', async () => {
    const from = '2026-01-01T00:00:00Z';
    const path = (query: string) => `/sales/orders?${query}`;
    // The shape of a customer list's cursor (its LastEvaluatedKey on gsi1), offered to a range list.
    const customerCursor = Buffer.from(
      JSON.stringify({ pk: 'ORDER#o1', sk: 'ORDER', gsi1pk: 'CUSTOMER#c1', gsi1sk: `${from}#o1` }),
    ).toString('base64url');
    const queries = {
      'query.to': [`from=${from}&to=2026-02-02T00:00:00Z`, `from=${from}&to=${from}`, `from=${from}`],
      'query.from': ['to=2026-01-02T00:00:00Z', 'from=2026-01-01&to=2026-01-02T00:00:00Z'],
      'query.customerId': ['', `customerId=c1&from=${from}&to=2026-01-02T00:00:00Z`],
      'query.status': [`from=${from}&to=2026-01-02T00:00:00Z&status=OPEN`, 'customerId=c1&status=CANCELLED'],
      'query.cursor': [
        `from=${from}&to=2026-01-02T00:00:00Z&cursor=not-a-cursor`,
        `from=${from}&to=2026-01-02T00:00:00Z&cursor=${customerCursor}`,
      ],
    };

    for (const [field, list] of Object.entries(queries)) {
      for (const query of list) {
        const answer = await api.call('GET', path(query));
        expect({ query, status: answer.status, code: answer.body.code }).toEqual({
          query,
          status: 400,
          code: 'validation_failed',
        });
        expect({ query, fields: answer.body.errors.map((e: Json) => e.path) }).toEqual({
          query,
          fields: [field],
        });
      }
    }
    expect((await api.call('GET', path(`from=${from}&to=2026-02-01T00:00:00Z`))).status).toBe(200);
  });
});

describe('the sales report, by day and by named product', () => {
  it("has today's revenue by UTC day, summing to the total, and names each product", async () => {
    const [coffee, beans] = [
      await namedProduct(`Café ${unique('n')}`, 1899),
      await namedProduct('Feijão preto 1 kg', 750),
    ];
    const from = new Date(Date.now() - 1000).toISOString();
    const first = await api.order(unique('cus'), [
      { productId: coffee, quantity: 2 },
      { productId: beans, quantity: 1 },
    ]);
    const second = await api.order(unique('cus'), [{ productId: coffee, quantity: 1 }]);
    const to = new Date(Date.now() + 1000).toISOString();

    const report = await api.call('GET', `/sales/reports/sales?from=${from}&to=${to}`);

    expect([first.status, second.status, report.status]).toEqual([201, 201, 200]);
    const byProduct = (productId: string) =>
      report.body.byProduct.find((p: Json) => p.productId === productId);
    expect(byProduct(coffee)).toEqual({
      productId: coffee,
      name: first.body.lines.find((l: Json) => l.productId === coffee).name,
      units: 3,
      revenue: { amount: 5697, currency: 'BRL' },
    });
    expect(byProduct(coffee).name).toMatch(/^Café n-/);
    expect(byProduct(beans)).toMatchObject({ name: 'Feijão preto 1 kg', units: 1 });
    const today = first.body.createdAt.slice(0, 10);
    expect(report.body.byDay.find((d: Json) => d.day === today)?.orders).toBeGreaterThanOrEqual(2);
    if (from.slice(0, 10) === to.slice(0, 10)) {
      // All of the range is today (UTC): so is all of its revenue.
      expect(report.body.byDay).toEqual([
        { day: today, orders: report.body.orders, revenue: report.body.revenue },
      ]);
    }
    const days = report.body.byDay.map((d: Json) => d.day);
    expect(days).toEqual([...days].sort());
    expect(report.body.byDay.reduce((sum: number, d: Json) => sum + d.revenue.amount, 0)).toBe(
      report.body.revenue.amount,
    );
    expect(report.body.byDay.reduce((sum: number, d: Json) => sum + d.orders, 0)).toBe(report.body.orders);
  });

  it("counts this month's orders in its monthly rollup: a report of the whole month has them", async () => {
    const tea = await namedProduct(`Chá ${unique('m')}`, 1250);
    const placed = await api.order(unique('cus'), [{ productId: tea, quantity: 2 }]);
    const now = new Date(placed.body.createdAt);
    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
    const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString();
    const monthly = () => api.call('GET', `/sales/reports/sales?from=${from}&to=${to}`);

    // The month's rollup follows the stream, a moment behind the order.
    const report = await eventually(monthly, (r) => r.body.byProduct?.some((p: Json) => p.productId === tea));

    expect([placed.status, report.status]).toEqual([201, 200]);
    expect(report.body.byProduct.find((p: Json) => p.productId === tea)).toEqual({
      productId: tea,
      name: placed.body.lines[0].name,
      units: 2,
      revenue: { amount: 2500, currency: 'BRL' },
    });
    const today = placed.body.createdAt.slice(0, 10);
    expect(report.body.byDay.find((d: Json) => d.day === today)?.orders).toBeGreaterThanOrEqual(1);
    expect(report.body.byDay.reduce((sum: number, d: Json) => sum + d.revenue.amount, 0)).toBe(
      report.body.revenue.amount,
    );
    expect(report.body.byDay.reduce((sum: number, d: Json) => sum + d.orders, 0)).toBe(report.body.orders);
  });
});
