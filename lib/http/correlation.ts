import { randomUUID } from 'node:crypto';

/** A client-supplied id is kept only if it is short visible ASCII, so it is safe in logs and headers. */
const ACCEPTABLE = /^[\x21-\x7e]{1,128}$/;

/**
 * Without a usable header the API Gateway request id becomes the correlation id, so the function's
 * log lines join the gateway's access log (which cannot log request headers).
 */
export function correlationIdFrom(
  headers: Record<string, string | undefined> | undefined,
  requestId?: string,
): string {
  const given = headers?.['x-correlation-id'];
  if (given !== undefined && ACCEPTABLE.test(given)) return given;
  return requestId !== undefined && ACCEPTABLE.test(requestId) ? requestId : randomUUID();
}
