import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';

export interface Issuer {
  /** The issuer's public keys, as a JWKS document. */
  jwks: { keys: JWK[] };
  sign(
    claims: Record<string, unknown>,
    options: { subject: string; expiresInSeconds: number },
  ): Promise<string>;
}

interface StoredKey {
  kid: string;
  privateJwk: JWK;
}

/**
 * The RS256 key is made once per data directory and kept there, so tokens issued before a restart
 * still verify after it, as a Cognito pool's keys outlive any one process.
 */
async function loadOrCreate(dataDir: string): Promise<StoredKey> {
  const dir = join(dataDir, 'auth');
  const file = join(dir, 'signing-key.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as StoredKey;
  } catch {
    const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
    const privateJwk = await exportJWK(privateKey);
    const kid = await calculateJwkThumbprint({ kty: 'RSA', n: privateJwk.n, e: privateJwk.e });
    const stored: StoredKey = { kid, privateJwk };
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
    return stored;
  }
}

export async function createIssuer(options: { dataDir: string; issuerUrl: string }): Promise<Issuer> {
  const { kid, privateJwk } = await loadOrCreate(options.dataDir);
  const privateKey = await importJWK(privateJwk, 'RS256');
  const publicJwk: JWK = { kty: 'RSA', n: privateJwk.n, e: privateJwk.e, kid, alg: 'RS256', use: 'sig' };
  return {
    jwks: { keys: [publicJwk] },
    sign: (claims, { subject, expiresInSeconds }) => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid })
        .setSubject(subject)
        .setIssuer(options.issuerUrl)
        .setIssuedAt(now)
        .setExpirationTime(now + expiresInSeconds)
        .setJti(randomUUID())
        .sign(privateKey);
    },
  };
}
