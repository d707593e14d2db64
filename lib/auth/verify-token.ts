import { JwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import type { Scope } from '../catalogue/types.ts';
import { optional, required } from '../config.ts';
import { AppError } from '../errors.ts';

export interface Principal {
  clientId: string;
  scopes: Set<string>;
  /**
   * Who is making the change, as every change records it (API.md, Authentication): `user:<username>`
   * for a person signed in, `service:<name>` for one of the services' own clients, else
   * `client:<clientId>`.
   */
  actor: string;
}

/** `clientId=service` pairs of the services' own clients (`SERVICE_CLIENT_IDS`), e.g. `a1b2=sales`. */
const serviceOfClient = new Map(
  optional('SERVICE_CLIENT_IDS', '')
    .split(',')
    .filter((pair) => pair.includes('='))
    .map((pair) => pair.split('=') as [string, string]),
);

export function actorOf(payload: Record<string, unknown>): string {
  if (typeof payload.username === 'string' && payload.username !== '') return `user:${payload.username}`;
  const clientId = String(payload.client_id);
  const service = serviceOfClient.get(clientId);
  return service ? `service:${service}` : `client:${clientId}`;
}

/**
 * Fetches the JWKS with the platform `fetch`, so the same verifier reads Cognito's JWKS over HTTPS in
 * AWS and the local issuer's over plain HTTP on the loopback.
 */
const fetcher = {
  async fetch(uri: string): Promise<ArrayBuffer> {
    const response = await fetch(uri, { signal: AbortSignal.timeout(3000) });
    if (!response.ok) throw new Error(`JWKS fetch from ${uri} answered ${response.status}`);
    return response.arrayBuffer();
  },
};

const allowedClientIds = new Set(
  optional('JWT_ALLOWED_CLIENT_IDS', '')
    .split(',')
    .filter((id) => id !== ''),
);

/**
 * Cognito access tokens carry `client_id`, not `aud`; aws-jwt-verify's generic verifier is told to
 * skip `aud` and the checks Cognito's own verifier would make are done here. The library accepts a
 * token without `exp`, so that is rejected here too.
 */
function cognitoAccessTokenCheck({ payload }: { payload: JwtPayload }): void {
  if (typeof payload.exp !== 'number') throw new Error('token has no exp claim');
  if (payload.token_use !== 'access') throw new Error('token is not an access token');
  if (typeof payload.client_id !== 'string' || !allowedClientIds.has(payload.client_id)) {
    throw new Error('token was issued to an unknown client');
  }
}

const verifier = JwtVerifier.create(
  {
    issuer: required('JWT_ISSUER'),
    jwksUri: required('JWKS_URI'),
    audience: null,
    customJwtCheck: cognitoAccessTokenCheck,
  },
  { jwksCache: new SimpleJwksCache({ fetcher }) },
);

const unauthorized = (detail: string) =>
  new AppError('unauthorized', detail, { headers: { 'www-authenticate': 'Bearer' } });

/** Verifies a bearer token and the route's scope: `401` for a missing or bad token, `403` for a missing scope. */
export async function authorize(authorization: string | undefined, scope: Scope): Promise<Principal> {
  const match = /^Bearer ([A-Za-z0-9_=-]+\.[A-Za-z0-9_=-]+\.[A-Za-z0-9_=-]*)$/.exec(authorization ?? '');
  if (!match?.[1]) throw unauthorized('A bearer access token is required.');
  let payload: JwtPayload;
  try {
    payload = await verifier.verify(match[1]);
  } catch {
    throw unauthorized('The access token is not valid.');
  }
  const scopes = new Set(typeof payload.scope === 'string' ? payload.scope.split(' ') : []);
  if (!scopes.has(scope)) throw new AppError('forbidden', `This call needs the scope '${scope}'.`);
  return { clientId: String(payload.client_id), scopes, actor: actorOf(payload as Record<string, unknown>) };
}
