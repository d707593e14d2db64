/**
 * HTTP helpers for end-to-end tests. Every answer `call` returns has been checked against the response
 * schema its route documents (./contract.ts): a test fails with a ContractViolation when it is not.
 *
 * By default they target the local runtime the global setup started (it sets API_URL) and get tokens
 * from its `/oauth2/token` with the well-known local clients. To run the same tests against a deployed
 * stack, set API_URL (the HTTP API's URL), TOKEN_URL (the Cognito domain's `/oauth2/token`) and, per
 * client, `<CLIENT>_CLIENT_ID` / `<CLIENT>_CLIENT_SECRET` (ADMIN_, POS_, SALES_SERVICE_, ...).
 */
import { checkAnswer } from './contract.ts';

export type ClientName = 'admin' | 'pos' | 'sales-service' | 'inventory-service';

const localSecrets: Record<ClientName, string> = {
  admin: 'local-admin-secret',
  pos: 'local-pos-secret',
  'sales-service': 'local-sales-service-secret',
  'inventory-service': 'local-inventory-service-secret',
};

export const apiUrl = (): string => {
  const url = process.env.API_URL;
  if (!url)
    throw new Error('API_URL is not set: run the tests through jest (its global setup starts a runtime)');
  return url.replace(/\/$/, '');
};

/** A deployed stack's token endpoint serves only the API it was configured with. */
const tokenUrlFor = (baseUrl: string): string =>
  process.env.TOKEN_URL && baseUrl === apiUrl() ? process.env.TOKEN_URL : `${baseUrl}/oauth2/token`;

const credentialsOf = (client: ClientName): { id: string; secret: string } => {
  const prefix = client.toUpperCase().replaceAll('-', '_');
  return {
    id: process.env[`${prefix}_CLIENT_ID`] ?? client,
    secret: process.env[`${prefix}_CLIENT_SECRET`] ?? localSecrets[client],
  };
};

const cache = new Map<string, { token: string; expiresAt: number }>();

/** An access token of the client-credentials grant, cached until a minute before it expires. */
export async function getToken(
  baseUrl: string = apiUrl(),
  client: ClientName = 'admin',
  scopes?: readonly string[],
): Promise<string> {
  const tokenUrl = tokenUrlFor(baseUrl);
  const key = `${tokenUrl}|${client}|${scopes?.join(' ') ?? '*'}`;
  const cached = cache.get(key);
  if (cached && cached.expiresAt > Date.now()) return cached.token;
  const { id, secret } = credentialsOf(client);
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (scopes) form.set('scope', scopes.join(' '));
  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: form,
  });
  if (response.status !== 200)
    throw new Error(`token for ${client}: ${response.status} ${await response.text()}`);
  const { access_token, expires_in } = (await response.json()) as {
    access_token: string;
    expires_in: number;
  };
  cache.set(key, { token: access_token, expiresAt: Date.now() + (expires_in - 60) * 1000 });
  return access_token;
}

export interface CallOptions {
  /** A bearer token; or `as` to use a cached token of that client with all its scopes. */
  token?: string;
  as?: ClientName;
  /** An object is sent as JSON; a string or Buffer as it is. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Another runtime than API_URL, e.g. one from startTestRuntime. */
  baseUrl?: string;
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field in tests
export type Json = any;

export interface CallResult {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON for JSON content types (problem+json included), else the text. */
  body: Json;
}

export async function call(method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const baseUrl = options.baseUrl ?? apiUrl();
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token ?? (options.as ? await getToken(baseUrl, options.as) : undefined);
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | Buffer | undefined;
  if (typeof options.body === 'string' || Buffer.isBuffer(options.body)) body = options.body;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  const json = /json/i.test(response.headers.get('content-type') ?? '') && text !== '';
  const answer: CallResult = {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: json ? JSON.parse(text) : text,
  };
  // Every answer is held to its route's documented response schema, or to problem+json.
  checkAnswer(method, path, answer);
  return answer;
}
