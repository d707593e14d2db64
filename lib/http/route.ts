import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from 'zod';
import { authorize, type Principal } from '../auth/verify-token.ts';
import { findRoute } from '../catalogue/routes.ts';
import { AppError } from '../errors.ts';
import { instrumented } from '../instrumented.ts';
import { logger } from '../observability.ts';
import { jsonBody } from './body.ts';
import { correlationIdFrom } from './correlation.ts';
import { problemResponse } from './problem.ts';
import { parseOrThrow } from './validation.ts';

export interface RouteSchemas<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  body?: B;
  query?: Q;
  params?: P;
}

export interface Request<B, Q, P> {
  body: B;
  query: Q;
  params: P;
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

const anything = z.unknown();

/**
 * The one HTTP pipeline of every route: correlation id in and out, the route's scope checked against
 * the catalogue, body size/JSON/zod checks, then the use case; every error becomes problem+json.
 * Authorization runs before the body is read, so an unauthorized request learns nothing about it.
 */
export function httpRoute<
  B extends z.ZodType = typeof anything,
  Q extends z.ZodType = typeof anything,
  P extends z.ZodType = typeof anything,
>(
  schemas: RouteSchemas<B, Q, P>,
  run: (request: Request<z.output<B>, z.output<Q>, z.output<P>>) => Promise<Reply>,
) {
  const base = async (
    event: APIGatewayProxyEventV2,
    _context: Context,
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    const headers = event.headers ?? {};
    const correlationId = correlationIdFrom(headers, event.requestContext?.requestId);
    logger.appendKeys({ correlationId, routeKey: event.routeKey });
    const responseHeaders = { 'x-correlation-id': correlationId };
    try {
      const route = findRoute(event.routeKey);
      if (!route) throw new AppError('not_found', `No route ${event.routeKey}.`);
      const principal = route.scope ? await authorize(headers.authorization, route.scope) : undefined;
      // Without a schema the input passes through untyped; routes that read an input declare its schema.
      const params = parseOrThrow(
        schemas.params ?? anything,
        event.pathParameters ?? {},
        'path',
      ) as z.output<P>;
      const query = parseOrThrow(
        schemas.query ?? anything,
        event.queryStringParameters ?? {},
        'query',
      ) as z.output<Q>;
      const body = (
        schemas.body ? parseOrThrow(schemas.body, jsonBody(event), 'body') : undefined
      ) as z.output<B>;
      const reply = await run({ body, query, params, headers, principal, correlationId, event });
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

function toResult(reply: Reply, headers: Record<string, string>): APIGatewayProxyStructuredResultV2 {
  const raw = typeof reply.body === 'string' && reply.contentType !== undefined;
  return {
    statusCode: reply.status,
    headers: {
      ...headers,
      ...reply.headers,
      ...(reply.body === undefined ? {} : { 'content-type': reply.contentType ?? 'application/json' }),
    },
    body: reply.body === undefined ? '' : raw ? (reply.body as string) : JSON.stringify(reply.body),
  };
}
