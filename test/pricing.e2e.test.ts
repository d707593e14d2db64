import { randomUUID } from 'node:crypto';
import { type ClientName, call as request } from './support/api.ts';
import { itLocal } from './support/target.ts';
import { waitFor } from './support/wait.ts';

/**
 * Pricing over HTTP against the local runtime (API_URL from the test run's global setup): list prices,
 * history, promotions that start and end on their own, PriceChanged on the events log, bad input.
 */
type Answer = Awaited<ReturnType<typeof call>>;

/** The shared client (test/support/api.ts), with the content type at hand for the problem checks. */
async function call(method: string, path: string, body?: unknown, as: ClientName | null = 'admin') {
  const answer = await request(method, path, { body, ...(as ? { as } : {}) });
  return { ...answer, contentType: answer.headers['content-type'] ?? null };
}

interface PriceChangedEvent {
  id: string;
  time: string;
  data: {
    productId: string;
    amount: number;
    listAmount: number;
    promotionId: string | null;
    version: number;
    actor?: string;
  };
}

async function priceEvents(productId: string): Promise<PriceChangedEvent[]> {
  const { items } = (await request('GET', '/__local/events?type=PriceChanged')).body as {
    items: PriceChangedEvent[];
  };
  // Other suites publish malformed envelopes (no data) on purpose, to reach the DLQ.
  return items.filter((e) => (e.data as PriceChangedEvent['data'] | undefined)?.productId === productId);
}

/** The product's PriceChanged events once `done` accepts them (the timeout only bounds a broken run). */
const priceEventsOnce = (productId: string, what: string, done: (events: PriceChangedEvent[]) => boolean) =>
  waitFor(`PriceChanged of ${productId}: ${what}`, async () => {
    const events = await priceEvents(productId);
    return done(events) ? events : undefined;
  });

/** The product's first PriceChanged event that `match` accepts. */
const priceEvent = (productId: string, what: string, match: (event: PriceChangedEvent) => boolean) =>
  waitFor(`PriceChanged of ${productId}: ${what}`, async () => (await priceEvents(productId)).find(match));

/** The actor of the admin token's changes: `client:admin` locally (the same id `getToken` uses). */
const ADMIN = `client:${process.env.ADMIN_CLIENT_ID ?? 'admin'}`;
/** Pricing acting on its own: promotions starting and ending at their times. */
const SCHEDULE = 'service:pricing';

const newProduct = () => `e2e-price-${randomUUID().slice(0, 13)}`;
const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

async function pricedProduct(amount = 1000): Promise<string> {
  const productId = newProduct();
  const put = await call('PUT', `/prices/products/${productId}`, { amount, currency: 'BRL' });
  expect(put.status).toBe(200);
  return productId;
}

const expectProblem = (answer: Answer, status: number, code: string) => {
  expect(answer.status).toBe(status);
  expect(answer.contentType).toMatch(/^application\/problem\+json/);
  expect(answer.body).toMatchObject({ status, code });
};

describe('list prices', () => {
  itLocal('sets a price, serves it on both routes and announces it with version 1', async () => {
    const productId = newProduct();

    const put = await call('PUT', `/prices/products/${productId}`, { amount: 1990, currency: 'BRL' });
    const get = await call('GET', `/prices/products/${productId}`);
    const seed = await call('GET', `/precos/produto/${productId}`);

    expect(put.status).toBe(200);
    expect(put.body).toEqual({
      productId,
      amount: 1990,
      currency: 'BRL',
      listAmount: 1990,
      promotion: null,
      version: 1,
      updatedAt: expect.any(String),
    });
    expect(get.body).toEqual(put.body);
    expect(seed.body).toEqual(put.body);
    const [event] = await priceEventsOnce(productId, 'any', (events) => events.length > 0);
    expect(event?.data).toMatchObject({
      amount: 1990,
      listAmount: 1990,
      currency: 'BRL',
      promotionId: null,
      version: 1,
      actor: ADMIN,
    });
  });

  it('keeps every change in the history, newest first, paginated', async () => {
    const productId = await pricedProduct(100);
    await call('PUT', `/prices/products/${productId}`, { amount: 200, currency: 'BRL' });
    await call('PUT', `/prices/products/${productId}`, { amount: 300, currency: 'BRL' });

    const first = await call('GET', `/prices/products/${productId}/history?limit=2`);
    const second = await call(
      'GET',
      `/prices/products/${productId}/history?limit=2&cursor=${first.body.nextCursor}`,
    );

    expect(first.body.items).toEqual([
      expect.objectContaining({
        amount: 300,
        previousAmount: 200,
        currency: 'BRL',
        version: 3,
        changedAt: expect.any(String),
        actor: ADMIN,
      }),
      expect.objectContaining({ amount: 200, previousAmount: 100, version: 2, actor: ADMIN }),
    ]);
    expect(second.body).toEqual({
      items: [expect.objectContaining({ amount: 100, previousAmount: null, version: 1, actor: ADMIN })],
      nextCursor: null,
    });
  });

  it('answers 404 for a product without a price, and 400 for a bad id', async () => {
    expectProblem(await call('GET', `/prices/products/${newProduct()}`), 404, 'not_found');
    expectProblem(await call('GET', `/prices/products/${newProduct()}/history`), 404, 'not_found');
    expectProblem(await call('GET', '/prices/products/bad%20id!'), 400, 'validation_failed');
    expectProblem(await call('GET', `/prices/products/${'x'.repeat(65)}`), 400, 'validation_failed');
  });

  it.each([
    ['a negative amount', { amount: -1, currency: 'BRL' }, 'body.amount'],
    ['a float amount', { amount: 19.9, currency: 'BRL' }, 'body.amount'],
    ['a zero amount', { amount: 0, currency: 'BRL' }, 'body.amount'],
    ['a string amount', { amount: '1990', currency: 'BRL' }, 'body.amount'],
    ['another currency', { amount: 1990, currency: 'USD' }, 'body.currency'],
    ['no currency', { amount: 1990 }, 'body.currency'],
  ])('refuses %s with problem+json and changes nothing', async (_, body, path) => {
    const productId = await pricedProduct(1000);

    const answer = await call('PUT', `/prices/products/${productId}`, body);

    expectProblem(answer, 400, 'validation_failed');
    expect(answer.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    expect((await call('GET', `/prices/products/${productId}`)).body).toMatchObject({
      amount: 1000,
      version: 1,
    });
    expect((await call('GET', `/prices/products/${productId}/history`)).body.items).toHaveLength(1);
  });

  itLocal('gives concurrent price changes distinct versions, one PriceChanged each', async () => {
    const productId = await pricedProduct(1000);

    const answers = await Promise.all(
      [1100, 1200, 1300, 1400, 1500].map((amount) =>
        call('PUT', `/prices/products/${productId}`, { amount, currency: 'BRL' }),
      ),
    );

    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.map((a) => a.body.version).sort()).toEqual([2, 3, 4, 5, 6]);
    const events = await priceEventsOnce(productId, 'six', (all) => all.length >= 6);
    expect(events.map((e) => e.data.version).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const history = await call('GET', `/prices/products/${productId}/history`);
    expect(history.body.items.map((h: { version: number }) => h.version)).toEqual([6, 5, 4, 3, 2, 1]);
  });

  it('needs a token (401) and pricing/write to change a price (403)', async () => {
    const productId = await pricedProduct(1000);
    expectProblem(await call('GET', `/prices/products/${productId}`, undefined, null), 401, 'unauthorized');
    expectProblem(
      await call('PUT', `/prices/products/${productId}`, { amount: 1, currency: 'BRL' }, 'pos'),
      403,
      'forbidden',
    );
    expect((await call('GET', `/prices/products/${productId}`, undefined, 'pos')).body).toMatchObject({
      amount: 1000,
      version: 1,
    });
  });
});

describe('promotions', () => {
  const createPromotion = (body: Record<string, unknown>) => call('POST', '/prices/promotions', body);
  const priceOf = async (productId: string) => (await call('GET', `/prices/products/${productId}`)).body;
  /** The promotion as the listing shows it, paging past what other suites create meanwhile. */
  const listedPromotion = async (promotionId: string) => {
    let cursor: string | null = null;
    do {
      const page: Answer = await call(
        'GET',
        `/prices/promotions?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      );
      const found = page.body.items.find((p: { promotionId: string }) => p.promotionId === promotionId);
      if (found) return found;
      cursor = page.body.nextCursor;
    } while (cursor);
    return undefined;
  };

  itLocal(
    'starts and ends on schedule with no request: PriceChanged arrives and the price changes',
    async () => {
      // Arrange: a promotion from 3 s to 6 s from now.
      const productId = await pricedProduct(1000);
      const startsAt = inSeconds(3);
      const endsAt = inSeconds(6);
      const created = await createPromotion({
        name: 'Flash 25%',
        productIds: [productId],
        percentOff: 25,
        startsAt,
        endsAt,
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        productIds: [productId],
        percentOff: 25,
        status: 'SCHEDULED',
        startsAt,
        endsAt,
        createdBy: ADMIN,
        endedBy: null,
      });
      const { promotionId } = created.body;

      // Act: no request, only time; the start's PriceChanged, the price then, the end's PriceChanged.
      const started = await priceEvent(productId, 'the start', (e) => e.data.promotionId === promotionId);
      const startSeenAt = Date.now();
      const during = await priceOf(productId);
      const ended = await priceEvent(
        productId,
        'the end',
        (e) => e.data.version === started.data.version + 1,
      );
      const endSeenAt = Date.now();
      const after = await priceOf(productId);

      // Assert
      // Started and ended by the schedule, not by whoever created it.
      expect(started.data).toMatchObject({ amount: 750, listAmount: 1000, version: 2, actor: SCHEDULE });
      expect(during).toMatchObject({
        amount: 750,
        listAmount: 1000,
        promotion: { promotionId, name: 'Flash 25%', endsAt },
      });
      expect(ended.data).toMatchObject({
        amount: 1000,
        listAmount: 1000,
        promotionId: null,
        version: 3,
        actor: SCHEDULE,
      });
      expect(after).toMatchObject({ amount: 1000, promotion: null, version: 3 });
      expect((await priceEvents(productId)).map((e) => e.data.version).sort()).toEqual([1, 2, 3]);
      expect(await listedPromotion(promotionId)).toMatchObject({
        status: 'ENDED',
        endedAt: null,
        createdBy: ADMIN,
        endedBy: null,
      });
      // The delay from the scheduled time to the event on the log; reported, not asserted.
      console.info(
        `promotion start → PriceChanged seen: ${startSeenAt - Date.parse(startsAt)} ms (outbox write +${Date.parse(started.time) - Date.parse(startsAt)} ms); ` +
          `end → seen: ${endSeenAt - Date.parse(endsAt)} ms (outbox write +${Date.parse(ended.time) - Date.parse(endsAt)} ms)`,
      );
    },
    30_000,
  );

  itLocal(
    'applies an already active promotion at once, lowest price wins, and DELETE ends it now (idempotently)',
    async () => {
      // Arrange: two promotions active now, 10 % off and 250 off.
      const productId = await pricedProduct(1000);
      const window = { startsAt: inSeconds(-60), endsAt: inSeconds(3600) };
      const tenPercent = await createPromotion({
        name: 'ten',
        productIds: [productId],
        percentOff: 10,
        ...window,
      });
      const twoFifty = await createPromotion({
        name: '250 off',
        productIds: [productId],
        amountOff: 250,
        ...window,
      });
      const withBoth = await priceOf(productId);

      // Act: the lower one ended, twice; an unknown one.
      const deleted = await call('DELETE', `/prices/promotions/${twoFifty.body.promotionId}`);
      const again = await call('DELETE', `/prices/promotions/${twoFifty.body.promotionId}`);
      const unknown = await call('DELETE', '/prices/promotions/promo_unknown');
      const afterDelete = await priceOf(productId);
      const events = await priceEventsOnce(productId, 'four', (all) => all.length >= 4);

      // Assert
      expect(tenPercent.body).toMatchObject({ status: 'ACTIVE', createdBy: ADMIN, endedBy: null });
      expect(twoFifty.body).toMatchObject({ status: 'ACTIVE', amountOff: 250 });
      expect(withBoth).toMatchObject({ amount: 750, promotion: { promotionId: twoFifty.body.promotionId } });
      expect(deleted.status).toBe(200);
      expect(deleted.body).toMatchObject({
        promotionId: twoFifty.body.promotionId,
        status: 'ENDED',
        createdBy: ADMIN,
        endedBy: ADMIN,
      });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(deleted.body);
      expect(afterDelete).toMatchObject({
        amount: 900,
        promotion: { promotionId: tenPercent.body.promotionId },
        version: 4,
      });
      // SNS → SQS does not keep order (consumers keep the highest version), so compare by version.
      const byVersion = [...events].sort((x, y) => x.data.version - y.data.version);
      expect(byVersion.map((e) => [e.data.version, e.data.amount])).toEqual([
        [1, 1000],
        [2, 900],
        [3, 750],
        [4, 900],
      ]);
      // Created active now and deleted with the admin token: every change is the caller's.
      expect(byVersion.map((e) => e.data.actor)).toEqual([ADMIN, ADMIN, ADMIN, ADMIN]);
      expectProblem(unknown, 404, 'not_found');
    },
  );

  it('lists promotions newest first, paginated', async () => {
    const productId = await pricedProduct(1000);
    const body = {
      productIds: [productId],
      percentOff: 5,
      startsAt: inSeconds(600),
      endsAt: inSeconds(1200),
    };
    const older = await call('POST', '/prices/promotions', { name: 'older', ...body });
    const newer = await call('POST', '/prices/promotions', { name: 'newer', ...body });

    const first = await call('GET', '/prices/promotions?limit=1');
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Answer = await call(
        'GET',
        `/prices/promotions?limit=50${cursor ? `&cursor=${cursor}` : ''}`,
      );
      ids.push(...page.body.items.map((p: { promotionId: string }) => p.promotionId));
      cursor = page.body.nextCursor;
    } while (cursor && !ids.includes(older.body.promotionId));
    expect(ids.indexOf(newer.body.promotionId)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(newer.body.promotionId)).toBeLessThan(ids.indexOf(older.body.promotionId));
  });

  const valid = () => ({
    name: `bad-${randomUUID()}`,
    percentOff: 10,
    startsAt: inSeconds(60),
    endsAt: inSeconds(120),
  });
  it.each<[string, Record<string, unknown>, string]>([
    ['both percentOff and amountOff', { amountOff: 100 }, 'body.percentOff'],
    ['neither percentOff nor amountOff', { percentOff: undefined }, 'body.percentOff'],
    ['percentOff 0', { percentOff: 0 }, 'body.percentOff'],
    ['percentOff 100', { percentOff: 100 }, 'body.percentOff'],
    ['a float percentOff', { percentOff: 12.5 }, 'body.percentOff'],
    ['a float amountOff', { percentOff: undefined, amountOff: 1.5 }, 'body.amountOff'],
    ['a negative amountOff', { percentOff: undefined, amountOff: -100 }, 'body.amountOff'],
    [
      'endsAt equal to startsAt',
      { startsAt: '2040-01-01T00:00:00Z', endsAt: '2040-01-01T00:00:00Z' },
      'body.endsAt',
    ],
    [
      'endsAt before startsAt',
      { startsAt: '2040-01-02T00:00:00Z', endsAt: '2040-01-01T00:00:00Z' },
      'body.endsAt',
    ],
    [
      'endsAt in the past',
      { startsAt: '2020-01-01T00:00:00Z', endsAt: '2020-01-02T00:00:00Z' },
      'body.endsAt',
    ],
    ['a non-ISO startsAt', { startsAt: 'tomorrow' }, 'body.startsAt'],
    ['a non-ISO endsAt', { endsAt: '01/02/2040' }, 'body.endsAt'],
    ['an endsAt with an offset instead of UTC', { endsAt: '2040-01-01T00:00:00+03:00' }, 'body.endsAt'],
    ['no products', { productIds: [] }, 'body.productIds'],
    ['a product twice', { productIds: 'twice' }, 'body.productIds'],
    ['101 products', { productIds: 'many' }, 'body.productIds'],
    ['a bad product id', { productIds: ['bad id!'] }, 'body.productIds.0'],
    ['an empty name', { name: '' }, 'body.name'],
  ])('refuses %s with 400 problem+json and stores nothing', async (_, change, path) => {
    const productId = await pricedProduct(1000);
    const productIds =
      change.productIds === 'twice'
        ? [productId, productId]
        : change.productIds === 'many'
          ? Array.from({ length: 101 }, (_, i) => `${productId}-${i}`)
          : (change.productIds ?? [productId]);
    // A check that failed must not have stored the promotion: its unique name is looked for after.
    const body = { ...valid(), ...change, productIds };

    const answer = await call('POST', '/prices/promotions', body);

    expectProblem(answer, 400, 'validation_failed');
    expect(answer.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    const listed = await call('GET', '/prices/promotions?limit=100');
    expect(listed.body.items.map((p: { name: string }) => p.name)).not.toContain(body.name);
    expect((await call('GET', `/prices/products/${productId}`)).body).toMatchObject({
      amount: 1000,
      version: 1,
      promotion: null,
    });
  });

  it('refuses products without a list price with 404, naming each, and stores nothing', async () => {
    const productId = await pricedProduct(1000);
    const unknown = [newProduct(), newProduct()];
    const name = `unpriced-${randomUUID()}`;

    const answer = await call('POST', '/prices/promotions', {
      name,
      productIds: [productId, ...unknown],
      percentOff: 50,
      startsAt: inSeconds(-10),
      endsAt: inSeconds(600),
    });

    expectProblem(answer, 404, 'not_found');
    expect(answer.body.errors).toEqual([
      expect.objectContaining({ path: 'body.productIds.1', productId: unknown[0] }),
      expect.objectContaining({ path: 'body.productIds.2', productId: unknown[1] }),
    ]);
    const listed = await call('GET', '/prices/promotions?limit=100');
    expect(listed.body.items.map((p: { name: string }) => p.name)).not.toContain(name);
    expect((await call('GET', `/prices/products/${productId}`)).body).toMatchObject({
      amount: 1000,
      version: 1,
      promotion: null,
    });
  });
});
