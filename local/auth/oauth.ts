import { timingSafeEqual } from 'node:crypto';

/** An answer of the token endpoint: JSON, never cached. */
export interface TokenAnswer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** Access tokens of either grant live an hour, as a Cognito app client's default. */
export const EXPIRES_IN = 3600;

// OAuth2 (RFC 6749 §5.1): token answers must never be cached.
export const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' };

export const oauthError = (
  status: number,
  error: string,
  headers: Record<string, string> = {},
): TokenAnswer => ({
  status,
  headers: { ...noStore, ...headers },
  body: { error },
});

/** Compares secrets (client secrets, passwords) in time that does not depend on where they differ. */
export const sameSecret = (given: string, expected: string | undefined): boolean => {
  if (expected === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};
