import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { accountId } from '#local/aws.ts';

export interface IncomingRequest {
  method: string;
  /** The request target as received: path and query string, still percent-encoded. */
  url: string;
  /** Header values per lower-cased name, repeated headers kept apart. */
  headers: Record<string, string[] | undefined>;
  body: Buffer;
  sourceIp: string;
  protocol: string;
}

export interface RouteInfo {
  routeKey: string;
  pathParameters: Record<string, string>;
  requestId: string;
  now: Date;
}

/** API Gateway passes text bodies as they are and base64-encodes everything else. */
const TEXT = /^(text\/|application\/(json|xml|javascript|ecmascript)\b|application\/[\w.+-]+\+(json|xml)\b)/i;

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** `12/Mar/2020:19:03:58 +0000`, the format of `requestContext.time`. */
export const clfTime = (d: Date): string =>
  `${pad(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;

/** API Gateway's request ids look like `JKJaXmPLvHcESHA=`. */
export const newRequestId = (): string => randomBytes(11).toString('base64');

const traceId = (now: Date): string =>
  `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;

function queryParameters(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  // A Map, since a client names the keys: `toString` or `__proto__` must not meet Object.prototype.
  const grouped = new Map<string, string[]>();
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    grouped.set(key, [...(grouped.get(key) ?? []), value]);
  }
  // Payload 2.0 has no multi-value fields: repeated parameters are joined with commas.
  return Object.fromEntries([...grouped].map(([key, values]) => [key, values.join(',')]));
}

/** The event an HTTP API (payload format 2.0) sends its Lambda integration for this request. */
export function httpApiEvent(request: IncomingRequest, route: RouteInfo): APIGatewayProxyEventV2 {
  const queryAt = request.url.indexOf('?');
  const rawPath = queryAt === -1 ? request.url : request.url.slice(0, queryAt);
  const rawQueryString = queryAt === -1 ? '' : request.url.slice(queryAt + 1).split('#')[0]!;

  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, values] of Object.entries(request.headers)) {
    if (!values?.length) continue;
    if (name === 'cookie') {
      // Cookies move to their own field and leave the headers.
      cookies = values
        .flatMap((v) => v.split(';'))
        .map((c) => c.trim())
        .filter(Boolean);
      continue;
    }
    headers[name] = values.join(',');
  }
  const host = headers.host ?? '127.0.0.1';
  const port = host.includes(':') ? host.slice(host.lastIndexOf(':') + 1) : '80';
  headers['x-forwarded-for'] = request.sourceIp;
  headers['x-forwarded-port'] = port;
  headers['x-forwarded-proto'] = 'http';
  headers['x-amzn-trace-id'] = traceId(route.now);

  const contentType = headers['content-type'] ?? '';
  const binary = headers['content-encoding'] !== undefined || !TEXT.test(contentType);
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath,
    rawQueryString,
    headers,
    requestContext: {
      accountId,
      apiId: 'local',
      domainName: host,
      domainPrefix: host.split('.')[0]!,
      http: {
        method: request.method,
        path: rawPath,
        protocol: request.protocol,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: route.requestId,
      routeKey: route.routeKey,
      stage: '$default',
      time: clfTime(route.now),
      timeEpoch: route.now.getTime(),
    },
    isBase64Encoded: false,
  };
  if (cookies?.length) event.cookies = cookies;
  const queryStringParameters = queryParameters(rawQueryString);
  if (queryStringParameters) event.queryStringParameters = queryStringParameters;
  if (Object.keys(route.pathParameters).length > 0) event.pathParameters = route.pathParameters;
  if (request.body.byteLength > 0) {
    event.body = binary ? request.body.toString('base64') : request.body.toString('utf8');
    event.isBase64Encoded = binary;
  }
  return event;
}
