import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { allScopes } from '#lib/catalogue/index.ts';
import { createPeopleSignIn, type PageAnswer, type PeopleSignIn } from './people-sign-in.ts';
import { s256 } from './pkce.ts';
import { createIssuer, type Issuer } from './signing-key.ts';
import { issueToken } from './token-endpoint.ts';

const host = '127.0.0.1:3000';
const redirectUri = `http://${host}/console/`;
const verifier = 'v'.repeat(20) + '-._~'.repeat(6);
const form = 'application/x-www-form-urlencoded';

const authorizeUrl = (overrides: Record<string, string> = {}) =>
  `/oauth2/authorize?${new URLSearchParams({
    response_type: 'code',
    client_id: 'console',
    redirect_uri: redirectUri,
    code_challenge: s256(verifier),
    code_challenge_method: 'S256',
    state: 'st-1',
    scope: allScopes.join(' '),
    ...overrides,
  })}`;

const requestIdOf = (answer: PageAnswer) => /name="request" value="([^"]+)"/.exec(answer.body)?.[1] ?? '';
const header = (answer: PageAnswer, name: string) => String(answer.headers[name] ?? '');
const cookieOf = (answer: PageAnswer) => header(answer, 'set-cookie').split(';')[0]!;

describe('people sign-in (authorization code with PKCE)', () => {
  let dir: string;
  let issuer: Issuer;
  let clock: number;
  let people: PeopleSignIn;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'people-'));
    issuer = await createIssuer({ dataDir: dir, issuerUrl: 'http://127.0.0.1:3000' });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => {
    clock = Date.parse('2026-12-01T12:00:00Z');
    people = createPeopleSignIn(issuer, { now: () => clock });
  });

  const page = (
    method: string,
    url: string,
    extra: { body?: string; cookie?: string; origin?: string } = {},
  ) =>
    people.page({
      method,
      url,
      host,
      cookie: extra.cookie,
      origin: extra.origin,
      contentType: method === 'POST' ? form : undefined,
      body: extra.body ?? '',
    });

  /** Shows the form, posts it, and returns the redirect. */
  async function signIn(username: string, password: string, url = authorizeUrl()) {
    const shown = await page('GET', url);
    const body = new URLSearchParams({ request: requestIdOf(shown), username, password }).toString();
    return page('POST', '/oauth2/authorize', { body, origin: `http://${host}` });
  }

  const codeOf = (answer: PageAnswer) => new URL(header(answer, 'location')).searchParams.get('code') ?? '';

  const exchange = (code: string, overrides: Record<string, string> = {}) =>
    issueToken(
      {
        authorization: undefined,
        contentType: form,
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: 'console',
          code,
          code_verifier: verifier,
          redirect_uri: redirectUri,
          ...overrides,
        }).toString(),
      },
      issuer,
      people,
    );

  it('shows a sign-in form with username, password and one submit button', async () => {
    const shown = await page('GET', authorizeUrl());

    expect(shown.status).toBe(200);
    expect(header(shown, 'content-type')).toMatch(/^text\/html/);
    expect(header(shown, 'content-security-policy')).toContain("frame-ancestors 'none'");
    expect(shown.body).toContain('name="username"');
    expect(shown.body).toContain('name="password"');
    expect(shown.body.match(/<button/g)).toHaveLength(1);
    expect(shown.body).toContain('lang="pt-BR"');
  });

  it("signs gerente in: a code for the console's address, then a one-hour token naming the user", async () => {
    const back = await signIn('gerente', 'local-gerente-password');

    expect(back.status).toBe(302);
    const location = new URL(header(back, 'location'));
    expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
    expect(location.searchParams.get('state')).toBe('st-1');
    expect(header(back, 'set-cookie')).toMatch(/HttpOnly; SameSite=Lax/);

    const answer = await exchange(codeOf(back));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const { payload } = await jwtVerify(answer.body.access_token as string, createLocalJWKSet(issuer.jwks), {
      issuer: 'http://127.0.0.1:3000',
    });
    expect(payload).toMatchObject({ username: 'gerente', client_id: 'console', token_use: 'access' });
    expect((payload.scope as string).split(' ').sort()).toEqual([...allScopes].sort());
    expect(payload.exp! - payload.iat!).toBe(3600);
  });

  it("gives caixa only the group's scopes, whatever the console asks for", async () => {
    const answer = await exchange(codeOf(await signIn('caixa', 'local-caixa-password')));
    const { payload } = await jwtVerify(answer.body.access_token as string, createLocalJWKSet(issuer.jwks));

    expect((payload.scope as string).split(' ').sort()).toEqual(
      ['inventory/read', 'pricing/read', 'sales/read', 'sales/write'].sort(),
    );
    expect(payload.username).toBe('caixa');
  });

  it('refuses a wrong password with the form again, and no code', async () => {
    const answer = await signIn('gerente', 'wrong');

    expect(answer.status).toBe(401);
    expect(answer.headers.location).toBeUndefined();
    expect(answer.headers['set-cookie']).toBeUndefined();
    expect(answer.body).toContain('Usuário ou senha incorretos.');
    expect(requestIdOf(answer)).not.toBe('');
  });

  it('refuses a verifier that does not match the challenge, and the code is spent', async () => {
    const code = codeOf(await signIn('gerente', 'local-gerente-password'));

    expect(await exchange(code, { code_verifier: 'w'.repeat(43) })).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    expect(await exchange(code)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('takes a code once only', async () => {
    const code = codeOf(await signIn('gerente', 'local-gerente-password'));

    expect((await exchange(code)).status).toBe(200);
    expect(await exchange(code)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('binds a code to its redirect_uri and client', async () => {
    const first = codeOf(await signIn('gerente', 'local-gerente-password'));
    const second = codeOf(await signIn('gerente', 'local-gerente-password'));

    expect(await exchange(first, { redirect_uri: 'http://localhost:3000/console/' })).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    expect(await exchange(second, { client_id: 'admin' })).toMatchObject({
      status: 401,
      body: { error: 'invalid_client' },
    });
  });

  it('lets a code expire after 60 s', async () => {
    const code = codeOf(await signIn('gerente', 'local-gerente-password'));
    clock += 60_001;

    expect(await exchange(code)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('never sends a code to an address other than the console on this gateway', async () => {
    for (const uri of [
      'http://evil.example/console/',
      `http://${host}/elsewhere`,
      `http://${host}/console/x`,
    ]) {
      const answer = await page('GET', authorizeUrl({ redirect_uri: uri }));
      expect(answer.status).toBe(400);
      expect(answer.headers.location).toBeUndefined();
    }
    expect((await page('GET', authorizeUrl({ client_id: 'admin' }))).status).toBe(400);
  });

  it('asks for S256: a plain or missing challenge goes back as invalid_request', async () => {
    const cases: Record<string, string>[] = [{ code_challenge_method: 'plain' }, { code_challenge: '' }];
    for (const overrides of cases) {
      const answer = await page('GET', authorizeUrl(overrides));
      expect(answer.status).toBe(302);
      const location = new URL(header(answer, 'location'));
      expect(location.searchParams.get('error')).toBe('invalid_request');
      expect(location.searchParams.get('state')).toBe('st-1');
    }
  });

  it('refuses a form posted from another origin', async () => {
    const shown = await page('GET', authorizeUrl());
    const body = new URLSearchParams({
      request: requestIdOf(shown),
      username: 'gerente',
      password: 'local-gerente-password',
    }).toString();

    expect((await page('POST', '/oauth2/authorize', { body, origin: 'http://evil.example' })).status).toBe(
      403,
    );
  });

  it('keeps a sign-in session until logout, which sends the browser back to the console', async () => {
    const cookie = cookieOf(await signIn('gerente', 'local-gerente-password'));

    const again = await page('GET', authorizeUrl(), { cookie });
    expect(again.status).toBe(302);
    expect((await exchange(codeOf(again))).status).toBe(200);

    const out = await page('GET', `/logout?client_id=console&logout_uri=${encodeURIComponent(redirectUri)}`, {
      cookie,
    });
    expect(out.status).toBe(302);
    expect(header(out, 'location')).toBe(redirectUri);
    expect(header(out, 'set-cookie')).toContain('Max-Age=0');
    expect((await page('GET', authorizeUrl(), { cookie })).status).toBe(200);
  });

  it('gives the console no client-credentials token: it has no secret', async () => {
    const answer = await issueToken(
      {
        authorization: undefined,
        contentType: form,
        body: 'grant_type=client_credentials&client_id=console',
      },
      issuer,
      people,
    );

    expect(answer).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });
});
