import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { correlationIdFrom } from '#lib/http/correlation.ts';

/**
 * `GET /health`: public and dependency-free, so a load balancer or a script can poll it cheaply. The
 * local gateway answers 503 itself until the whole runtime is up.
 */
export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => ({
  statusCode: 200,
  headers: {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'x-correlation-id': correlationIdFrom(event.headers, event.requestContext?.requestId),
  },
  body: JSON.stringify({ status: 'ok' }),
});
