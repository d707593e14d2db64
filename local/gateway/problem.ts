import type { FieldError } from '#lib/errors.ts';
import { problemDocument, problemResponse } from '#lib/http/problem.ts';
import type { GatewayResponse } from './response.ts';

/** An RFC 9457 answer made by the gateway itself, built by the same code as the handlers' problems. */
export function problem(
  status: number,
  code: string,
  detail: string,
  extra: { errors?: FieldError[]; headers?: Record<string, string> } = {},
): GatewayResponse {
  return {
    status,
    headers: { ...extra.headers, 'content-type': 'application/problem+json', 'cache-control': 'no-store' },
    body: Buffer.from(JSON.stringify(problemDocument(status, code, detail, extra.errors))),
  };
}

/** The gateway's answer for an error, exactly as a handler would give it (an unknown one is a bare 500). */
export function problemFor(error: unknown, headers: Record<string, string> = {}): GatewayResponse {
  const result = problemResponse(error, headers);
  return {
    status: result.statusCode ?? 500,
    headers: result.headers as Record<string, string>,
    body: Buffer.from(result.body ?? ''),
  };
}

export const json = (
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): GatewayResponse => ({
  status,
  headers: { ...headers, 'content-type': 'application/json' },
  body: Buffer.from(JSON.stringify(value)),
});
