import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  type CryptoKey,
  exportSPKI,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  SignJWT,
} from 'jose';
import { routes } from '#functions/catalogue.ts';
import { type RouteDef, routeKey, routePaths } from '#lib/catalogue/index.ts';
import { apiUrl, type CallResult, call, getToken, type Json } from './support/api.ts';
import { unique } from './support/wait.ts';

// Random input on every route of the catalogue, with a valid admin token: never a 5xx, every error
// problem+json, and a 4xx never changes state. Then forged tokens, end to end through the gateway.

const later = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
/** Time box of each route's property; the runs it fits are the runs it makes. */
const TIME_PER_ROUTE_MS = 800;
const RUNS_PER_ROUTE = 25;

let token: string;
/** P: the product whose stock and price are watched; Q: priced, for promotions and the order O; C: O's customer. */
const P = unique('fz-p');
const Q = unique('fz-q');
const C = unique('fz-c');
let O: string;
/** Real cursors of every list, to be sent to the others as well. */
let cursors: string[] = [];

const request = (method: string, path: string, body?: unknown) => call(method, path, { token, body });

async function setUp(method: string, path: string, body?: unknown): Promise<Json> {
  const answer = await request(method, path, body);
  if (answer.status >= 300)
    throw new Error(`setup ${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

beforeAll(async () => {
  token = await getToken();
  for (const productId of [P, Q]) {
    await setUp('POST', '/inventory/products', { productId, sku: productId, name: 'Fuzz', quantity: 1000 });
    await setUp('PUT', `/prices/products/${productId}`, { amount: 1400, currency: 'BRL' });
    await setUp('PUT', `/prices/products/${productId}`, { amount: 1500, currency: 'BRL' });
  }
  await setUp('PUT', `/inventory/products/${P}`, { delta: 1, reason: 'fuzz' });
  for (const _ of [1, 2]) {
    O = (
      await setUp('POST', '/sales/orders', {
        customerId: C,
        lines: [{ productId: Q, quantity: 1 }],
        payment: { method: 'card', token: 'tok_visa' },
      })
    ).orderId;
    await setUp('POST', '/prices/promotions', {
      name: 'fz',
      productIds: [Q],
      percentOff: 5,
      startsAt: later(60),
      endsAt: later(61),
    });
  }
  const lists = [
    '/inventory/products',
    `/inventory/products/${P}/movements`,
    '/inventory/reorders',
    `/prices/products/${P}/history`,
    '/prices/promotions',
    `/sales/orders?customerId=${C}`,
  ];
  const pages = await Promise.all(
    lists.map((list) => setUp('GET', `${list}${list.includes('?') ? '&' : '?'}limit=1`)),
  );
  cursors = pages.flatMap((page) => (page.nextCursor ? [page.nextCursor as string] : []));
});

interface Snapshot {
  stock: number;
  version: number;
  price: { amount: number; version: number };
  orders: number;
  /** Units of C's orders returned. */
  returned: number;
}

/** What a request that was refused must leave as it was. */
async function snapshot(): Promise<Snapshot> {
  const [product, price, orders] = await Promise.all([
    request('GET', `/inventory/products/${P}`),
    request('GET', `/prices/products/${P}`),
    request('GET', `/sales/orders?customerId=${C}&limit=100`),
  ]);
  return {
    stock: product.body.quantity,
    version: product.body.version,
    price: { amount: price.body.amount, version: price.body.version },
    orders: orders.body.items.length,
    returned: orders.body.items
      .flatMap((o: Json) => o.lines)
      .reduce((sum: number, l: Json) => sum + (l.returnedQuantity ?? 0), 0),
  };
}

/** Fails with the request that broke the rule, so a counterexample reads as a bug report. */
function check(ok: boolean, rule: string, what: string, answer: CallResult): void {
  if (!ok) {
    throw new Error(
      `${rule}\n  request: ${what}\n  answer: ${answer.status} ${answer.headers['content-type']} ${JSON.stringify(answer.body).slice(0, 400)}`,
    );
  }
}

function checkProblem(answer: CallResult, what: string): void {
  const body = answer.body as Json;
  check(
    /^application\/problem\+json/.test(answer.headers['content-type'] ?? ''),
    'an error is application/problem+json',
    what,
    answer,
  );
  check(
    typeof body === 'object' &&
      body !== null &&
      ['type', 'title', 'detail', 'code'].every((field) => typeof body[field] === 'string') &&
      body.status === answer.status,
    'a problem has type, title, status, detail and code',
    what,
    answer,
  );
}

// ---- arbitraries -------------------------------------------------------------------------------

const printable = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength });

const encode = (value: string): string => {
  try {
    return encodeURIComponent(value);
  } catch {
    return 'x'; // a lone surrogate: not something a client can send
  }
};

/** A path segment: known ids, valid unknown ones, invalid ones, and raw bytes a client might send. */
const segment = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(P, Q, C, 'fz-unknown-1', 'A', 'a'.repeat(64)) },
    fc.constant(undefined).map(() => O),
    fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/),
    fc.string({ unit: 'grapheme', maxLength: 80 }).map(encode),
    fc.constantFrom(
      '%',
      '%zz',
      '%00',
      '%2F',
      '%2e%2e',
      '-x',
      '.x',
      '_',
      'a'.repeat(65),
      '%E0%A4%A',
      '%C0%AF',
      '%FF',
      ' ',
      '+',
    ),
  );

const isoDate = fc
  .date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
  .map((d) => d.toISOString());

/** Cursors shaped like ours (base64url JSON of key attributes) but pointing anywhere. */
const forgedCursor = fc
  .dictionary(
    fc.constantFrom('pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'other'),
    fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom(`PRODUCT#${P}`, 'OUTBOX', 'x'), fc.integer()),
    { maxKeys: 4 },
  )
  .map((key) => Buffer.from(JSON.stringify(key)).toString('base64url'));

const queryValue = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.constantFrom(
    '0',
    '1',
    '100',
    '101',
    '1e2',
    '1.5',
    '-0',
    '0x10',
    'NaN',
    'Infinity',
    '',
    ' ',
    '9'.repeat(400),
  ),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  forgedCursor,
  isoDate,
  fc.constantFrom(
    '2024-02-30T00:00:00Z',
    '2024-01-01',
    '2024-01-01T00:00:00+25:00',
    '+275760-09-13T00:00:00.000Z',
    C,
    'OPEN',
  ),
);

/** The query a route reads, valid, for the fuzz to bend; a list takes any list's real cursor too. */
const queryTemplates = (route: RouteDef): Record<string, string>[] => {
  if (route.path === '/sales/reports/sales')
    return [
      { from: later(-1), to: later(1) },
      { from: later(-30), to: later(0) },
    ];
  const list =
    route.method === 'GET' && /products$|movements$|reorders$|history$|promotions$|orders$/.test(route.path);
  if (!list) return [{}];
  const base: Record<string, string> = route.path === '/sales/orders' ? { customerId: C } : {};
  return [{ ...base, limit: '1' }, ...cursors.map((cursor) => ({ ...base, cursor }))];
};

const queryString = (route: RouteDef) =>
  fc
    .tuple(
      fc
        .constantFrom(...queryTemplates(route))
        .chain((template) =>
          fc.tuple(
            ...Object.entries(template).map(([key, value]) =>
              fc.oneof(
                { weight: 3, arbitrary: fc.constant([key, value, false] as const) },
                { weight: 1, arbitrary: queryValue.map((v) => [key, v, false] as const) },
                { weight: 1, arbitrary: fc.constant(undefined) },
              ),
            ),
          ),
        ),
      fc.array(
        fc.tuple(
          fc.oneof(
            fc.constantFrom('limit', 'cursor', 'customerId', 'from', 'to', 'status', 'toString', '__proto__'),
            fc.string({ maxLength: 8 }),
          ),
          queryValue,
          fc.boolean(),
        ),
        { maxLength: 2 },
      ),
    )
    .map(([kept, extra]) => [...kept.filter((pair) => pair !== undefined), ...extra])
    .map((pairs) =>
      pairs.length === 0
        ? ''
        : `?${pairs.map(([k, v, raw]) => `${encode(k)}=${raw ? v.replace(/[#&\s]/g, '') : encode(v)}`).join('&')}`,
    );

const headers = fc.record(
  {
    'content-type': fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'application/problem+json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'garbage',
    ),
    accept: fc.constantFrom(
      'text/html',
      'application/json',
      '*/*',
      'text/html;q=0.1, application/json',
      'image/png',
    ),
    'content-encoding': fc.constantFrom('gzip', 'identity', 'br'),
    'idempotency-key': printable(300),
    'x-correlation-id': printable(300),
  },
  { requiredKeys: [] },
);

const weird: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }),
  fc.double(),
  fc.constantFrom(
    0,
    -1,
    1,
    999_999,
    1_000_000,
    1_000_001,
    2 ** 53,
    -(2 ** 53),
    1e308,
    -0,
    0.5,
    null,
    true,
    false,
  ),
  fc.constantFrom(
    '',
    ' ',
    '1',
    'BRL',
    'USD',
    'card',
    'tok_declined',
    'tok_visa',
    'OPEN',
    '2030-01-01T00:00:00Z',
  ),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.constant(null)), { maxLength: 3 }),
  fc.object({ maxDepth: 2, maxKeys: 3 }),
);

/** A valid body per route that has one; the fuzz bends it field by field. */
const templates: Record<string, () => Record<string, unknown>[]> = {
  'POST /inventory/products': () => [
    { productId: P, sku: 'S', name: 'N', quantity: 5 },
    { sku: 'S', name: 'N', quantity: 0 },
  ],
  'PUT /inventory/products/{productId}': () => [
    { delta: -1, reason: 'fuzz' },
    { quantity: 1000, expectedVersion: 0 },
  ],
  'PUT /inventario/produto/{productId}': () => [{ delta: 1 }, { quantity: 999 }],
  'POST /inventory/reservations': () => [
    { reservationId: unique('fz-r'), lines: [{ productId: P, quantity: 1 }] },
  ],
  'PUT /prices/products/{productId}': () => [{ amount: 1500, currency: 'BRL' }],
  'POST /prices/promotions': () => [
    { name: 'fz', productIds: [Q], percentOff: 10, startsAt: later(30), endsAt: later(31) },
    { name: 'fz', productIds: [Q], amountOff: 100, startsAt: later(30), endsAt: later(31) },
  ],
  'POST /sales/orders': () => [
    {
      customerId: C,
      lines: [{ productId: P, quantity: 1, expectedUnitAmount: 1500 }],
      payment: { method: 'card', token: 'tok_visa' },
    },
  ],
  'POST /sales/orders/{orderId}/returns': () => [
    { returnId: unique('fz-ret'), lines: [{ productId: Q, quantity: 1 }], restock: false },
    { returnId: unique('fz-ret'), lines: [{ productId: Q, quantity: 1 }], restock: true, reason: 'fuzz' },
  ],
};

/** Bends a value: replaces, drops or adds fields, recursing into arrays and objects. */
const bend = (value: unknown, depth = 0): fc.Arbitrary<unknown> => {
  if (depth > 2) return fc.oneof(fc.constant(value), weird);
  if (Array.isArray(value)) {
    return fc.oneof(
      fc.tuple(...value.map((v) => bend(v, depth + 1))),
      fc.constant([]),
      fc.constant(Array.from({ length: 101 }, () => value[0])),
      fc.tuple(...value.map((v) => bend(v, depth + 1))).map((items) => [...items, ...items]),
      weird,
    );
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    return fc
      .tuple(
        fc.tuple(
          ...entries.map(([, v]) =>
            fc.oneof(
              { weight: 3, arbitrary: fc.constant(v) },
              { weight: 2, arbitrary: bend(v, depth + 1) },
              { weight: 1, arbitrary: fc.constant(undefined) },
            ),
          ),
        ),
        fc.dictionary(
          fc.constantFrom('extra', 'productId', 'quantity', 'delta', 'amount', 'constructor'),
          weird,
          { maxKeys: 2 },
        ),
      )
      .map(([values, extra]) => ({
        ...Object.fromEntries(entries.map(([k], i) => [k, values[i]]).filter(([, v]) => v !== undefined)),
        ...(depth === 0 ? extra : {}),
      }));
  }
  return fc.oneof({ weight: 2, arbitrary: fc.constant(value) }, { weight: 3, arbitrary: weird });
};

/** The body as it goes on the wire: none, bent JSON, or raw text that is not what the route expects. */
const body = (route: RouteDef): fc.Arbitrary<string | undefined> => {
  if (route.method === 'GET') return fc.constant(undefined);
  const options: fc.Arbitrary<string | undefined>[] = [
    fc.constant(undefined),
    fc.json({ maxDepth: 2 }),
    fc.string({ unit: 'grapheme', maxLength: 50 }),
    fc.constantFrom(
      '{"a":',
      'null',
      '[]',
      '1e999',
      '"x"',
      '{"__proto__":{"quantity":1},"delta":1}',
      `${'['.repeat(3000)}${']'.repeat(3000)}`,
      `{"name":"${'x'.repeat(300 * 1024)}"}`,
    ),
  ];
  const template = templates[routeKey(route)];
  if (template) {
    const valid = template();
    return fc.oneof(
      ...options,
      {
        weight: 4,
        arbitrary: fc
          .constantFrom(...valid)
          .chain((v) => bend(v))
          .map((bent) => JSON.stringify(bent)),
      },
      { weight: 2, arbitrary: fc.constantFrom(...valid).map((v) => JSON.stringify(v)) },
    );
  }
  return fc.oneof(...options);
};

const requestFor = (route: RouteDef) =>
  fc.record({
    path: fc.tuple(...(route.path.match(/\{[^}]+\}/g) ?? []).map(() => segment())).map((segments) => {
      let i = 0;
      return route.path.replace(/\{[^}]+\}/g, () => segments[i++]!);
    }),
    query: queryString(route),
    headers,
    body: body(route),
  });

// ---- properties --------------------------------------------------------------------------------

describe('random requests on every route, with a valid admin token', () => {
  let baseline: Snapshot;
  /**
   * The run a time limit interrupted goes on in the background (fast-check cannot stop it); the next
   * route waits for it, so no two requests ever overlap and the baseline is always the last state.
   */
  let inFlight: Promise<unknown> = Promise.resolve();

  async function probe(
    route: RouteDef,
    input: { path: string; query: string; headers: Record<string, string>; body: string | undefined },
  ) {
    const what = `${route.method} ${input.path}${input.query} ${JSON.stringify(input.headers)} ${input.body?.slice(0, 200)}`;
    const answer = await call(route.method, `${input.path}${input.query}`, {
      token,
      headers: input.headers,
      ...(input.body === undefined ? {} : { body: input.body }),
    });

    check(answer.status < 500, 'no 5xx', what, answer);
    if (answer.status >= 400) checkProblem(answer, what);
    if (route.method === 'GET') return;
    if (answer.status < 400) {
      baseline = await snapshot();
      return;
    }
    const after = await snapshot();
    // A declined payment reserved and released in its course: the ledger (and so the version)
    // keeps both movements, the stock is as it was.
    const comparable = (s: Snapshot) => JSON.stringify(answer.status === 402 ? { ...s, version: 0 } : s);
    check(
      comparable(after) === comparable(baseline),
      `a 4xx changes no state: ${comparable(baseline)} became ${comparable(after)}`,
      what,
      answer,
    );
    baseline = after;
  }

  // Every path of every route, seed aliases included: each is its own API Gateway route.
  const endpoints = routes.flatMap((route) => routePaths(route).map((path) => ({ ...route, path })));

  it.each(endpoints.map((route) => [routeKey(route), route] as const))('%s', async (_key, route) => {
    await inFlight;
    baseline = await snapshot();
    try {
      await fc.assert(
        fc.asyncProperty(requestFor(route), (input) => {
          const run = probe(route, input);
          inFlight = run.catch(() => undefined);
          return run;
        }),
        {
          numRuns: RUNS_PER_ROUTE,
          endOnFailure: true,
          plugins: [fc.interruptAfterTimeLimit(TIME_PER_ROUTE_MS)],
        },
      );
    } finally {
      await inFlight;
    }
  });
});

// ---- forged tokens -----------------------------------------------------------------------------

describe('forged tokens get 401 through the gateway', () => {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = () => Math.floor(Date.now() / 1000);
  let jwk: JWK;
  let claims: JWTPayload;
  let realToken: string;
  /** The issuer's own private key (the local runtime keeps it in DATA_DIR), to forge only one claim at a time. */
  let issuerKey: CryptoKey | undefined;

  beforeAll(async () => {
    const jwks = await call('GET', '/.well-known/jwks.json');
    jwk = jwks.body.keys[0];
    realToken = await getToken();
    claims = JSON.parse(Buffer.from(realToken.split('.')[1]!, 'base64url').toString('utf8'));
    const dataDir = process.env.LOCAL_RUNTIME_DATA_DIR;
    if (dataDir && apiUrl() === process.env.API_URL) {
      const stored = JSON.parse(readFileSync(join(dataDir, 'auth', 'signing-key.json'), 'utf8'));
      issuerKey = (await importJWK(stored.privateJwk, 'RS256')) as CryptoKey;
    }
  });

  const signed = (payload: JWTPayload, key: CryptoKey, kid = jwk.kid) =>
    new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid }).sign(key);
  const fresh = (overrides: JWTPayload = {}): JWTPayload => ({
    ...claims,
    iat: now(),
    exp: now() + 600,
    ...overrides,
  });

  /** A read and a write route; the write must change nothing. */
  async function refusedEverywhere(forged: string): Promise<void> {
    const before = await snapshot();
    const read = await call('GET', `/inventory/products/${P}`, { token: forged });
    const write = await call('PUT', `/prices/products/${P}`, {
      token: forged,
      body: { amount: 1234, currency: 'BRL' },
    });
    for (const answer of [read, write]) {
      expect(answer.status).toBe(401);
      checkProblem(answer, 'forged token');
      expect(answer.body.code).toBe('unauthorized');
    }
    expect(await snapshot()).toEqual(before);
  }

  it('accepts a token the harness signs with the issuer key and the real claims (the forgeries below differ in one thing)', async () => {
    if (!issuerKey) return;
    const answer = await call('GET', `/inventory/products/${P}`, { token: await signed(fresh(), issuerKey) });
    expect(answer.status).toBe(200);
  });

  it.each<[string, () => Promise<string>]>([
    ['alg none', async () => `${b64({ alg: 'none', kid: jwk.kid, typ: 'JWT' })}.${b64(fresh())}.`],
    [
      'HS256 signed with the public key',
      async () => {
        const pem = await exportSPKI((await importJWK({ ...jwk, alg: 'RS256' }, 'RS256')) as CryptoKey);
        const input = `${b64({ alg: 'HS256', kid: jwk.kid, typ: 'JWT' })}.${b64(fresh())}`;
        return `${input}.${createHmac('sha256', pem).update(input).digest('base64url')}`;
      },
    ],
    [
      'a foreign key with the right kid',
      async () => signed(fresh(), (await generateKeyPair('RS256')).privateKey),
    ],
    [
      'a tampered payload',
      async () => {
        const [header, , signature] = realToken.split('.');
        return `${header}.${b64({ ...claims, client_id: 'pos', scope: `${claims.scope} extra/scope` })}.${signature}`;
      },
    ],
  ])('%s', async (_name, forge) => {
    await refusedEverywhere(await forge());
  });

  // These carry a valid signature of the issuer, so only the claim named is wrong.
  it.each<[string, () => JWTPayload]>([
    ['expired', () => fresh({ iat: now() - 7200, exp: now() - 60 })],
    [
      'no exp',
      () => {
        const { exp: _exp, ...rest } = fresh();
        return rest;
      },
    ],
    ['wrong issuer', () => fresh({ iss: 'https://evil.example' })],
    ['wrong audience / client_id', () => fresh({ client_id: 'mallory', aud: 'mallory' })],
    ['not an access token', () => fresh({ token_use: 'id' })],
  ])('%s (signed with the issuer key)', async (_name, payload) => {
    if (!issuerKey) return;
    await refusedEverywhere(await signed(payload(), issuerKey));
  });
});
