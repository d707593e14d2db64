import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod';
import { authorize, type Principal } from '../auth/verify-token.ts';
import type { RouteDef } from '../catalogue/types.ts';
import { AppError } from '../errors.ts';
import { instrumented } from '../instrumented.ts';
import { logger } from '../observability.ts';
import { jsonBody } from './body.ts';
import { correlationIdFrom } from './correlation.ts';
import { problemResponse } from './problem.ts';
import { type Location, parseOrThrow } from './validation.ts';

type Parsed<R, K extends 'body' | 'query' | 'params' | 'headers'> = R extends {
  [key in K]: infer S extends z.ZodType;
}
  ? z.output<S>
  : undefined;

export interface Request<R extends RouteDef> {
  body: Parsed<R, 'body'>;
  query: Parsed<R, 'query'>;
  params: Parsed<R, 'params'>;
  /** The route's declared headers, validated; undefined when it declares none. */
  parsedHeaders: Parsed<R, 'headers'>;
  /** Every request header as received, lower-case names. */
  headers: Record<string, string | undefined>;
  principal: Principal | undefined;
  correlationId: string;
  event: APIGatewayProxyEventV2;
}

export interface Reply {
  status: number;
  /** Serialized as JSON unless `contentType` says otherwise and `body` is a string. */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

/**
 * The one HTTP pipeline of every route, built from its catalogue entry: correlation id in and out, the
 * entry's scope checked, then params, query, body (size, JSON, zod) and headers validated with the
 * entry's schemas, then the use case; every error becomes problem+json. Authorization runs before the
 * body is read, so an unauthorized request learns nothing about it.
 */
export function httpRoute<const R extends RouteDef>(route: R, run: (request: Request<R>) => Promise<Reply>) {
  const base = async (
    event: APIGatewayProxyEventV2,
    _context: Context,
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    const headers = event.headers ?? {};
    const correlationId = correlationIdFrom(headers, event.requestContext?.requestId);
    logger.appendKeys({ correlationId, routeKey: event.routeKey });
    const responseHeaders = {
      'x-correlation-id': correlationId,
      'x-content-type-options': 'nosniff',
      // An answer to a caller with a token is that caller's: no cache on the way may keep it.
      ...(route.scope ? { 'cache-control': 'no-store' } : {}),
    };
    try {
      const principal = route.scope ? await authorize(headers.authorization, route.scope) : undefined;
      const params = parseIf(route.params, event.pathParameters ?? {}, 'path');
      const query = parseIf(route.query, event.queryStringParameters ?? {}, 'query');
      const body = route.body ? parseOrThrow(route.body, jsonBody(event), 'body') : undefined;
      const parsedHeaders = parseIf(route.headers, headers, 'header');
      const reply = await run({
        body,
        query,
        params,
        parsedHeaders,
        headers,
        principal,
        correlationId,
        event,
      } as Request<R>);
      return toResult(reply, responseHeaders);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) {
        logger.error('request failed', { error: error as Error });
      }
      return problemResponse(error, responseHeaders);
    }
  };
  return instrumented(base);
}

/** A route that reads no such input declares no schema for it, and gets `undefined`. */
const parseIf = (schema: z.ZodType | undefined, input: unknown, location: Location): unknown =>
  schema ? parseOrThrow(schema, input, location) : undefined;

/**
 * A printable page from this API needs its own inline styles and nothing else: no scripts, no fetches,
 * no forms, not framed by another site.
 */
const htmlPolicy = {
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

function toResult(reply: Reply, headers: Record<string, string>): APIGatewayProxyStructuredResultV2 {
  const raw = typeof reply.body === 'string' && reply.contentType !== undefined;
  return {
    statusCode: reply.status,
    headers: {
      ...headers,
      ...(reply.contentType?.startsWith('text/html') ? htmlPolicy : {}),
      ...reply.headers,
      ...(reply.body === undefined ? {} : { 'content-type': reply.contentType ?? 'application/json' }),
    },
    body: reply.body === undefined ? '' : raw ? (reply.body as string) : JSON.stringify(reply.body),
  };
}
