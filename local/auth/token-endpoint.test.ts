import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { allScopes } from '#lib/catalogue/index.ts';
import { createIssuer, type Issuer } from './signing-key.ts';
import { issueToken } from './token-endpoint.ts';

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const form = 'application/x-www-form-urlencoded';

describe('local token endpoint', () => {
  let dir: string;
  let issuer: Issuer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'issuer-'));
    issuer = await createIssuer({ dataDir: dir, issuerUrl: 'http://127.0.0.1:3000' });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('issues a Cognito-shaped access token with the requested scopes', async () => {
    const answer = await issueToken(
      {
        authorization: basic('pos', 'local-pos-secret'),
        contentType: form,
        body: 'grant_type=client_credentials&scope=sales/read+pricing/read',
      },
      issuer,
    );

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const { payload, protectedHeader } = await jwtVerify(
      answer.body.access_token as string,
      createLocalJWKSet(issuer.jwks),
      { issuer: 'http://127.0.0.1:3000' },
    );
    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: issuer.jwks.keys[0]?.kid });
    expect(payload).toMatchObject({
      sub: 'pos',
      client_id: 'pos',
      token_use: 'access',
      scope: 'sales/read pricing/read',
      version: 2,
    });
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(typeof payload.jti).toBe('string');
    expect(typeof payload.auth_time).toBe('number');
  });

  it('gives all of the client scopes when none are asked for', async () => {
    const answer = await issueToken(
      {
        authorization: basic('admin', 'local-admin-secret'),
        contentType: form,
        body: 'grant_type=client_credentials',
      },
      issuer,
    );
    const { payload } = await jwtVerify(answer.body.access_token as string, createLocalJWKSet(issuer.jwks));

    expect((payload.scope as string).split(' ').sort()).toEqual([...allScopes].sort());
  });

  it('answers OAuth2 errors as Cognito does', async () => {
    const bad = (authorization: string, body: string) =>
      issueToken({ authorization, contentType: form, body }, issuer);

    expect(await bad(basic('pos', 'wrong'), 'grant_type=client_credentials')).toMatchObject({
      status: 401,
      body: { error: 'invalid_client' },
    });
    expect(
      await bad(basic('pos', 'local-pos-secret'), 'grant_type=client_credentials&scope=pricing/write'),
    ).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
    expect(await bad(basic('pos', 'local-pos-secret'), 'grant_type=password')).toMatchObject({
      status: 400,
      body: { error: 'unsupported_grant_type' },
    });
  });

  it('keeps its key across restarts, so earlier tokens still verify', async () => {
    const again = await createIssuer({ dataDir: dir, issuerUrl: 'http://127.0.0.1:3000' });

    expect(again.jwks).toEqual(issuer.jwks);
  });
});
