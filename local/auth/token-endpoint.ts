import { findClient, type LocalClient } from './clients.ts';
import { EXPIRES_IN, noStore, oauthError, sameSecret, type TokenAnswer } from './oauth.ts';
import type { PeopleSignIn } from './people-sign-in.ts';
import type { Issuer } from './signing-key.ts';

export type { TokenAnswer } from './oauth.ts';

export interface TokenRequest {
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

/** HTTP Basic first (what Cognito asks of confidential clients), then client_id/client_secret in the form. */
function credentials(
  request: TokenRequest,
  form: URLSearchParams,
): { id: string; secret: string } | undefined {
  const basic = /^Basic\s+(.+)$/i.exec(request.authorization ?? '')?.[1];
  if (basic) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon === -1) return undefined;
    try {
      // RFC 6749 §2.3.1: id and secret are form-encoded before they are base64-encoded.
      return {
        id: decodeURIComponent(decoded.slice(0, colon)),
        secret: decodeURIComponent(decoded.slice(colon + 1)),
      };
    } catch {
      return undefined;
    }
  }
  const id = form.get('client_id');
  const secret = form.get('client_secret');
  return id && secret ? { id, secret } : undefined;
}

/**
 * A Cognito user pool's `/oauth2/token`, with its JSON error answers: the client-credentials grant for
 * confidential clients and, given `people`, the authorization-code grant of people signing in. The
 * access token carries exactly the claims Cognito puts in one.
 */
export async function issueToken(
  request: TokenRequest,
  issuer: Issuer,
  people?: PeopleSignIn,
): Promise<TokenAnswer> {
  if (!/^application\/x-www-form-urlencoded\b/i.test(request.contentType ?? '')) {
    return oauthError(400, 'invalid_request');
  }
  const form = new URLSearchParams(request.body);
  if (form.get('grant_type') === 'authorization_code') {
    return people ? people.exchange(form) : oauthError(400, 'unsupported_grant_type');
  }
  const given = credentials(request, form);
  const client: LocalClient | undefined = given ? findClient(given.id) : undefined;
  if (!given || !client || !sameSecret(given.secret, client.clientSecret)) {
    return oauthError(401, 'invalid_client', { 'www-authenticate': 'Basic realm="local"' });
  }
  const grantType = form.get('grant_type');
  if (!grantType) return oauthError(400, 'invalid_request');
  if (grantType !== 'client_credentials') return oauthError(400, 'unsupported_grant_type');

  const requested = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
  if (requested.some((scope) => !(client.scopes as readonly string[]).includes(scope))) {
    return oauthError(400, 'invalid_scope');
  }
  const scopes = requested.length > 0 ? [...new Set(requested)] : [...client.scopes];
  const now = Math.floor(Date.now() / 1000);
  const accessToken = await issuer.sign(
    { client_id: client.clientId, token_use: 'access', scope: scopes.join(' '), auth_time: now, version: 2 },
    { subject: client.clientId, expiresInSeconds: EXPIRES_IN },
  );
  return {
    status: 200,
    headers: noStore,
    body: { access_token: accessToken, expires_in: EXPIRES_IN, token_type: 'Bearer' },
  };
}
