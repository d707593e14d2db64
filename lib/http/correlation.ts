import { randomUUID } from 'node:crypto';

/** A client-supplied id is kept only if it is short visible ASCII, so it is safe in logs and headers. */
const ACCEPTABLE = /^[\x21-\x7e]{1,128}$/;

export function correlationIdFrom(headers: Record<string, string | undefined> | undefined): string {
  const given = headers?.['x-correlation-id'];
  return given !== undefined && ACCEPTABLE.test(given) ? given : randomUUID();
}
