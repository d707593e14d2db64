/** What the gateway writes back to the client. */
export interface GatewayResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
  /** A handler's own answer, which the gateway passes on unchanged. */
  fromHandler?: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Turns a Lambda result into the HTTP answer, by API Gateway's payload 2.0 rules: an object with a
 * `statusCode` is a structured response; any other JSON value is sent as a 200 application/json body.
 * Returns undefined for a structured response API Gateway would reject (it answers 500 then).
 */
export function fromLambdaResult(result: unknown): GatewayResponse | undefined {
  if (!isRecord(result) || !('statusCode' in result)) {
    const body = typeof result === 'string' ? result : JSON.stringify(result);
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(body),
      fromHandler: true,
    };
  }
  const { statusCode, headers = {}, body, isBase64Encoded, cookies } = result;
  if (
    typeof statusCode !== 'number' ||
    !Number.isInteger(statusCode) ||
    statusCode < 100 ||
    statusCode > 599
  ) {
    return undefined;
  }
  if (!isRecord(headers) || (body !== undefined && body !== null && typeof body !== 'string'))
    return undefined;
  if (cookies !== undefined && !(Array.isArray(cookies) && cookies.every((c) => typeof c === 'string'))) {
    return undefined;
  }
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    out[name.toLowerCase()] = String(value);
  }
  if (cookies?.length) {
    const existing = out['set-cookie'];
    out['set-cookie'] = [...(existing === undefined ? [] : [existing].flat()), ...cookies];
  }
  const text = typeof body === 'string' ? body : '';
  return {
    status: statusCode,
    headers: out,
    body: isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8'),
    fromHandler: true,
  };
}
