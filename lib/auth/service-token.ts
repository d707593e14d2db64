import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { optional, required } from '../config.ts';
import { timeoutFor } from '../deadline.ts';

/** Refresh a minute before expiry, so a token never dies in flight. */
const EXPIRY_MARGIN_MS = 60_000;
/** Cap of the token request; the request deadline may leave less. */
const TOKEN_TIMEOUT_MS = 3000;

let cached: { token: string; expiresAt: number } | undefined;
let inFlight: Promise<string> | undefined;

/**
 * The secret comes from Secrets Manager in AWS (`CLIENT_SECRET_ARN`, read once and cached by
 * Powertools); only the local runtime passes `CLIENT_SECRET` directly.
 */
async function clientSecret(): Promise<string> {
  const arn = optional('CLIENT_SECRET_ARN', '');
  if (arn === '') return required('CLIENT_SECRET');
  const secret = await getSecret(arn, { maxAge: 3600 });
  if (typeof secret !== 'string') throw new Error(`Secret ${arn} holds no string`);
  return secret;
}

async function fetchToken(): Promise<string> {
  const basic = Buffer.from(`${required('CLIENT_ID')}:${await clientSecret()}`).toString('base64');
  const response = await fetch(required('TOKEN_URL'), {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
    signal: AbortSignal.timeout(Math.max(1, timeoutFor(TOKEN_TIMEOUT_MS))),
  });
  if (!response.ok) throw new Error(`Token endpoint answered ${response.status}`);
  const body = (await response.json()) as { access_token: string; expires_in: number };
  cached = { token: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 - EXPIRY_MARGIN_MS };
  return body.access_token;
}

/** This service's client-credentials access token, fetched once and shared by concurrent callers. */
export async function serviceToken(): Promise<string> {
  if (cached && cached.expiresAt > Date.now()) return cached.token;
  inFlight ??= fetchToken().finally(() => {
    inFlight = undefined;
  });
  return inFlight;
}

/**
 * Forgets `token` after a callee refused it (401): it may have been revoked or signed with a rotated
 * key, so the next call fetches a new one instead of being refused for the rest of the hour.
 */
export function dropServiceToken(token: string): void {
  if (cached?.token === token) cached = undefined;
}
