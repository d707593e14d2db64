import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, exportSPKI, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import type { AppError } from '../errors.ts';

/**
 * The verifier against forged tokens: everything but a token signed by the issuer's key, for the
 * issuer, to a known client, as an access token with an expiry, is a 401.
 */
const KID = 'local-1';
let server: Server;
let issuer: string;
let signingKey: CryptoKey;
let foreignKey: CryptoKey;
let publicPem: string;
let authorize: typeof import('./verify-token.ts').authorize;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  signingKey = pair.privateKey;
  foreignKey = (await generateKeyPair('RS256')).privateKey;
  publicPem = await exportSPKI(pair.publicKey);
  const jwks = JSON.stringify({
    keys: [{ ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' }],
  });
  server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(jwks));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.JWT_ISSUER = issuer;
  process.env.JWKS_URI = `${issuer}/.well-known/jwks.json`;
  process.env.JWT_ALLOWED_CLIENT_IDS = 'pos,admin';
  ({ authorize } = await import('./verify-token.ts'));
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

const now = () => Math.floor(Date.now() / 1000);
const claims = (overrides: JWTPayload = {}): JWTPayload => ({
  iss: issuer,
  sub: 'pos',
  client_id: 'pos',
  token_use: 'access',
  scope: 'sales/read sales/write',
  iat: now(),
  exp: now() + 3600,
  ...overrides,
});

const sign = (payload: JWTPayload, key: CryptoKey = signingKey, kid = KID) =>
  new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid }).sign(key);

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const statusOf = async (header: string | undefined) => {
  try {
    await authorize(header, 'sales/read');
    return 200;
  } catch (error) {
    return (error as AppError).status;
  }
};

describe('authorize', () => {
  it('accepts a good token and returns its client and scopes', async () => {
    const principal = await authorize(`Bearer ${await sign(claims())}`, 'sales/read');

    expect(principal.clientId).toBe('pos');
    expect([...principal.scopes]).toEqual(['sales/read', 'sales/write']);
  });

  it('answers 403 to a good token without the route scope', async () => {
    expect(await statusOf(`Bearer ${await sign(claims({ scope: 'inventory/read' }))}`)).toBe(403);
  });

  it.each<[string, () => Promise<string | undefined>]>([
    ['no header', async () => undefined],
    ['a non-bearer scheme', async () => `Basic ${Buffer.from('pos:secret').toString('base64')}`],
    ['garbage', async () => 'Bearer not-a-jwt'],
    ['alg none', async () => `Bearer ${b64({ alg: 'none', kid: KID })}.${b64(claims())}.`],
    [
      'HS256 signed with the public key',
      async () => {
        const input = `${b64({ alg: 'HS256', kid: KID })}.${b64(claims())}`;
        return `Bearer ${input}.${createHmac('sha256', publicPem).update(input).digest('base64url')}`;
      },
    ],
    ['a foreign key with the right kid', async () => `Bearer ${await sign(claims(), foreignKey)}`],
    [
      'a tampered payload',
      async () => {
        const [header, , signature] = (await sign(claims({ scope: 'sales/write' }))).split('.');
        return `Bearer ${header}.${b64(claims({ scope: 'sales/read sales/write' }))}.${signature}`;
      },
    ],
    ['an expired token', async () => `Bearer ${await sign(claims({ exp: now() - 10, iat: now() - 3700 }))}`],
    [
      'no exp',
      async () => {
        const { exp: _exp, ...rest } = claims();
        return `Bearer ${await sign(rest)}`;
      },
    ],
    ['a wrong issuer', async () => `Bearer ${await sign(claims({ iss: 'https://evil.example' }))}`],
    ['an unknown client (audience)', async () => `Bearer ${await sign(claims({ client_id: 'mallory' }))}`],
    ['an id token', async () => `Bearer ${await sign(claims({ token_use: 'id' }))}`],
    ['an unknown kid', async () => `Bearer ${await sign(claims(), signingKey, 'other')}`],
  ])('answers 401 to %s', async (_name, header) => {
    expect(await statusOf(await header())).toBe(401);
  });
});
