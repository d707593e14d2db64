import { createHash, randomBytes } from 'node:crypto';
import type { Scope } from '#lib/catalogue/index.ts';
import { findClient, type LocalClient } from './clients.ts';
import { EXPIRES_IN, noStore, oauthError, type TokenAnswer } from './oauth.ts';
import { isS256Challenge, isVerifier, s256 } from './pkce.ts';
import { errorPage, pageHeaders, signInPage } from './sign-in-page.ts';
import type { Issuer } from './signing-key.ts';
import { checkPassword, type StaffMember } from './staff.ts';

/** What the gateway passes on of a request to `/oauth2/authorize` or `/logout`. */
export interface PageRequest {
  method: string;
  /** Path and query, as the request line had them. */
  url: string;
  host: string | undefined;
  cookie: string | undefined;
  origin: string | undefined;
  contentType: string | undefined;
  body: string;
}

export interface PageAnswer {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

/**
 * People's sign-in, as a Cognito user pool's managed login does it for a public app client: the
 * authorization-code grant with PKCE (S256 only), a sign-in session kept in a cookie so that a reload
 * of the console signs in again without the form, and `/logout` to end it.
 */
export interface PeopleSignIn {
  /** `GET /oauth2/authorize` (the form, or straight back with a code), its `POST`, and `GET /logout`. */
  page(request: PageRequest): Promise<PageAnswer>;
  /** `POST /oauth2/token` with `grant_type=authorization_code`. */
  exchange(form: URLSearchParams): Promise<TokenAnswer>;
}

const CODE_TTL_MS = 60_000;
/** How long a shown form can still be sent. */
const REQUEST_TTL_MS = 10 * 60_000;
/** Cognito's managed-login session lasts an hour. */
const SESSION_TTL_MS = 3_600_000;
const COOKIE = 'local_signin';
/** Scopes an OIDC client asks for that this issuer ignores (it issues access tokens only). */
const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'phone', 'aws.cognito.signin.user.admin']);

interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  state: string | null;
  challenge: string;
  /** The catalogue scopes asked for; all of the client's when none were. */
  scopes: readonly Scope[];
}

interface CodeGrant extends AuthorizationRequest {
  member: StaffMember;
  authTime: number;
}

const newSecret = () => randomBytes(32).toString('base64url');

/** A stable UUID-shaped `sub` per user, as Cognito gives each user one. */
const subjectOf = (username: string): string => {
  const hex = createHash('sha256').update(`local-user:${username}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};

/** Entries that expire, dropped when read late and swept as new ones come. */
function expiring<T>(ttlMs: number, now: () => number) {
  const entries = new Map<string, { value: T; expiresAt: number }>();
  return {
    put(key: string, value: T): void {
      const at = now();
      for (const [k, entry] of entries) if (entry.expiresAt <= at) entries.delete(k);
      entries.set(key, { value, expiresAt: at + ttlMs });
    },
    get(key: string): T | undefined {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    take(key: string): T | undefined {
      const value = this.get(key);
      entries.delete(key);
      return value;
    },
    delete: (key: string) => entries.delete(key),
  };
}

const cookieValue = (header: string | undefined, name: string): string | undefined =>
  header
    ?.split(';')
    .map((part) => part.trim().split('='))
    .find(([key]) => key === name)?.[1];

const html = (status: number, body: string, headers: Record<string, string | string[]> = {}) => ({
  status,
  headers: { ...pageHeaders(), ...headers },
  body,
});

const redirect = (location: string, headers: Record<string, string | string[]> = {}): PageAnswer => ({
  status: 302,
  headers: { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', ...headers },
  body: '',
});

const withQuery = (uri: string, params: Record<string, string | null>): string => {
  const url = new URL(uri);
  for (const [key, value] of Object.entries(params)) if (value !== null) url.searchParams.set(key, value);
  return url.toString();
};

/** The one address a public client's sign-ins go back to: its path on the origin the browser used. */
const ownUri = (client: LocalClient, host: string | undefined): string | undefined =>
  client.redirectPath && host ? `http://${host}${client.redirectPath}` : undefined;

export function createPeopleSignIn(issuer: Issuer, options: { now?: () => number } = {}): PeopleSignIn {
  const now = options.now ?? Date.now;
  const requests = expiring<AuthorizationRequest>(REQUEST_TTL_MS, now);
  const codes = expiring<CodeGrant>(CODE_TTL_MS, now);
  const sessions = expiring<{ member: StaffMember; authTime: number }>(SESSION_TTL_MS, now);

  const backWithCode = (request: AuthorizationRequest, member: StaffMember, authTime: number) => {
    const code = newSecret();
    codes.put(code, { ...request, member, authTime });
    return withQuery(request.redirectUri, { code, state: request.state });
  };

  function authorize(request: PageRequest): PageAnswer {
    const query = new URL(request.url, 'http://local').searchParams;
    const client = findClient(query.get('client_id') ?? '');
    if (!client?.redirectPath) return html(400, errorPage('Cliente desconhecido (client_id).'));
    const redirectUri = query.get('redirect_uri') ?? '';
    if (redirectUri !== ownUri(client, request.host)) {
      return html(400, errorPage('Endereço de retorno (redirect_uri) não permitido para este cliente.'));
    }
    const state = query.get('state');
    const fail = (error: string) => redirect(withQuery(redirectUri, { error, state }));
    if (query.get('response_type') !== 'code') return fail('unsupported_response_type');
    const challenge = query.get('code_challenge') ?? '';
    if (query.get('code_challenge_method') !== 'S256' || !isS256Challenge(challenge)) {
      return fail('invalid_request');
    }
    const asked = (query.get('scope') ?? '').split(/\s+/).filter((s) => s !== '' && !OIDC_SCOPES.has(s));
    if (asked.some((scope) => !(client.scopes as readonly string[]).includes(scope))) {
      return fail('invalid_scope');
    }
    const authorization: AuthorizationRequest = {
      clientId: client.clientId,
      redirectUri,
      state,
      challenge,
      scopes: asked.length > 0 ? (asked as Scope[]) : client.scopes,
    };
    const session = sessions.get(cookieValue(request.cookie, COOKIE) ?? '');
    if (session && query.get('prompt') !== 'login') {
      return redirect(backWithCode(authorization, session.member, session.authTime));
    }
    const requestId = newSecret();
    requests.put(requestId, authorization);
    return html(200, signInPage({ requestId }), pageHeaders([new URL(redirectUri).origin]));
  }

  function signIn(request: PageRequest): PageAnswer {
    if (!/^application\/x-www-form-urlencoded\b/i.test(request.contentType ?? '')) {
      return html(400, errorPage('O formulário de entrada não foi enviado como formulário.'));
    }
    // A form posted from another site is refused: only this origin shows it.
    if (request.origin && request.origin !== `http://${request.host}`) {
      return html(403, errorPage('Este formulário só pode ser enviado desta página.'));
    }
    const form = new URLSearchParams(request.body);
    const requestId = form.get('request') ?? '';
    const authorization = requests.get(requestId);
    if (!authorization) {
      return html(400, errorPage('O pedido de entrada expirou. Volte ao console e entre de novo.'));
    }
    const username = form.get('username') ?? '';
    const member = checkPassword(username, form.get('password') ?? '');
    if (!member) {
      return html(
        401,
        signInPage({ requestId, username, error: 'Usuário ou senha incorretos.' }),
        pageHeaders([new URL(authorization.redirectUri).origin]),
      );
    }
    requests.delete(requestId);
    const authTime = Math.floor(now() / 1000);
    const sessionId = newSecret();
    sessions.put(sessionId, { member, authTime });
    const cookie = `${COOKIE}=${sessionId}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_TTL_MS / 1000}`;
    return redirect(backWithCode(authorization, member, authTime), { 'set-cookie': cookie });
  }

  function logout(request: PageRequest): PageAnswer {
    const query = new URL(request.url, 'http://local').searchParams;
    const sessionId = cookieValue(request.cookie, COOKIE);
    if (sessionId) sessions.delete(sessionId);
    const client = findClient(query.get('client_id') ?? '');
    const own = client ? ownUri(client, request.host) : undefined;
    const logoutUri = query.get('logout_uri');
    const target = own && logoutUri === own ? own : '/console/';
    return redirect(target, { 'set-cookie': `${COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` });
  }

  return {
    async page(request) {
      const path = request.url.split('?')[0];
      if (path === '/logout') return logout(request);
      return request.method === 'POST' ? signIn(request) : authorize(request);
    },

    async exchange(form) {
      const client = findClient(form.get('client_id') ?? '');
      if (!client?.redirectPath) return oauthError(401, 'invalid_client');
      const code = form.get('code');
      const verifier = form.get('code_verifier');
      const redirectUri = form.get('redirect_uri');
      if (!code || !verifier || !redirectUri) return oauthError(400, 'invalid_request');
      // Single use: a code is gone once presented, whether or not the rest of the request is right.
      const grant = codes.take(code);
      if (
        !grant ||
        grant.clientId !== client.clientId ||
        grant.redirectUri !== redirectUri ||
        !isVerifier(verifier) ||
        s256(verifier) !== grant.challenge
      ) {
        return oauthError(400, 'invalid_grant');
      }
      const scopes = grant.scopes.filter((scope) => grant.member.scopes.includes(scope));
      const accessToken = await issuer.sign(
        {
          client_id: client.clientId,
          token_use: 'access',
          scope: scopes.join(' '),
          username: grant.member.username,
          'cognito:groups': [grant.member.group],
          auth_time: grant.authTime,
          version: 2,
        },
        { subject: subjectOf(grant.member.username), expiresInSeconds: EXPIRES_IN },
      );
      return {
        status: 200,
        headers: noStore,
        body: { access_token: accessToken, expires_in: EXPIRES_IN, token_type: 'Bearer' },
      };
    },
  };
}
