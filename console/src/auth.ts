import { type ConsoleConfig, consoleRoot } from './config.ts';

/**
 * Sign-in with the authorization-code grant and PKCE (S256). The access token lives in this module's
 * memory only: a reload signs in again through the issuer's own session (no form while it lasts), and
 * nothing a script could steal later is left in storage. Only the PKCE verifier, the state and the
 * address to come back to wait in sessionStorage while the browser is at the sign-in page.
 */
export interface Session {
  token: string;
  username: string;
  scopes: ReadonlySet<string>;
  expiresAt: number;
}

const PENDING = 'console.signin';
const SIGNED_OUT = 'console.signedOut';

let config: ConsoleConfig;
let session: Session | undefined;
let expiry: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<() => void>();

export const configure = (value: ConsoleConfig): void => {
  config = value;
};

export const currentSession = (): Session | undefined => session;
export const onSessionChange = (listener: () => void): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
const changed = () => {
  for (const listener of listeners) listener();
};

export const can = (scope: string): boolean => session?.scopes.has(scope) ?? false;

const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

const randomString = (): string => base64url(crypto.getRandomValues(new Uint8Array(32)));

const challengeOf = async (verifier: string): Promise<string> =>
  base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));

/** The claims of a JWT, read (not verified: the API verifies it) to know who and what it allows. */
function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

function startSession(token: string): void {
  const claims = claimsOf(token);
  const expiresAt = Number(claims.exp) * 1000;
  session = {
    token,
    username: String(claims.username ?? claims['cognito:username'] ?? claims.sub ?? ''),
    scopes: new Set(
      String(claims.scope ?? '')
        .split(' ')
        .filter(Boolean),
    ),
    expiresAt,
  };
  clearTimeout(expiry);
  // The session ends when the token does; the app then offers to sign in again.
  expiry = setTimeout(() => endSession(), Math.max(0, expiresAt - Date.now()));
  changed();
}

/** Forgets the token (expired or refused); the person signs in again. */
export function endSession(): void {
  clearTimeout(expiry);
  session = undefined;
  changed();
}

/** Off to the sign-in page; back at the console's root with a code, then on to `returnTo`. */
export async function signIn(returnTo: string = location.pathname + location.search): Promise<void> {
  const verifier = randomString();
  const state = randomString();
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo }));
  sessionStorage.removeItem(SIGNED_OUT);
  const url = new URL(config.authorizeUrl, location.href);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: consoleRoot(),
    scope: config.scopes.join(' '),
    state,
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

export type SignInOutcome = { kind: 'signed-in' } | { kind: 'none' } | { kind: 'failed'; message: string };

/** On the way back from the sign-in page: the code for a token, and the address the person was at. */
export async function completeSignIn(): Promise<SignInOutcome> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const error = params.get('error');
  if (!code && !error) return { kind: 'none' };
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as {
    verifier: string;
    state: string;
    returnTo: string;
  } | null;
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', pending?.returnTo ?? import.meta.env.BASE_URL);
  if (!pending || params.get('state') !== pending.state) {
    return { kind: 'failed', message: 'A resposta da entrada não corresponde a este navegador.' };
  }
  if (error) return { kind: 'failed', message: `A entrada foi recusada (${error}).` };
  const response = await fetch(new URL(config.tokenUrl, location.href), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code: code!,
      code_verifier: pending.verifier,
      redirect_uri: consoleRoot(),
    }),
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: string };
    return { kind: 'failed', message: `Não foi possível entrar (${body.error ?? response.status}).` };
  }
  const { access_token } = (await response.json()) as { access_token: string };
  startSession(access_token);
  return { kind: 'signed-in' };
}

/** Ends the session here and at the issuer, which sends the browser back to the console. */
export function signOut(): void {
  endSession();
  sessionStorage.setItem(SIGNED_OUT, '1');
  const url = new URL(config.logoutUrl, location.href);
  url.search = new URLSearchParams({ client_id: config.clientId, logout_uri: consoleRoot() }).toString();
  location.assign(url.toString());
}

/** True right after a sign-out: the console waits for the person instead of signing in again. */
export const justSignedOut = (): boolean => sessionStorage.getItem(SIGNED_OUT) === '1';
