import type { GatewayResponse } from './response.ts';

const titles: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Content Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** An RFC 9457 answer made by the gateway itself, in the same shape as lib/http's problems. */
export function problem(
  status: number,
  code: string,
  detail: string,
  extra: { errors?: { path: string; message: string }[]; headers?: Record<string, string> } = {},
): GatewayResponse {
  const body: Record<string, unknown> = {
    type: `https://retail-suite.dev/problems/${code.replaceAll('_', '-')}`,
    title: titles[status] ?? 'Error',
    status,
    detail,
    code,
  };
  if (extra.errors) body.errors = extra.errors;
  return {
    status,
    headers: { ...extra.headers, 'content-type': 'application/problem+json' },
    body: Buffer.from(JSON.stringify(body)),
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
