import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { type RouteDef, routeKey } from '#lib/catalogue/index.ts';
import { correlationIdFrom } from '#lib/http/correlation.ts';
import type { Issuer } from '#local/auth/signing-key.ts';
import type { EventsLog } from '#local/events-log.ts';
import type { Faults } from '#local/faults.ts';
import { functionNameOf, type LambdaHost } from '#local/lambda/host.ts';
import { log } from '#local/log.ts';
import type { Status } from '#local/status.ts';
import { readBody, tooLarge } from './body.ts';
import { httpApiEvent, newRequestId } from './http-api-event.ts';
import { handleLocalRoute, localPaths } from './local-routes.ts';
import { problem, problemFor } from './problem.ts';
import { fromLambdaResult, type GatewayResponse } from './response.ts';
import { createRouter } from './routes.ts';

export interface GatewayDeps {
  port: number;
  routes: readonly RouteDef[];
  host: LambdaHost;
  issuer: Issuer;
  faults: Faults;
  events: EventsLog;
  status: Status;
}

export interface Gateway {
  baseUrl: string;
  /** From now on `/health` is answered by its handler instead of 503. */
  markReady(): void;
  close(): Promise<void>;
}

/** The function's own timeout (catalogue, 10 s by default), as Lambda enforces it. */
const functionTimeoutMs = (route: RouteDef) => (route.timeoutSeconds ?? 10) * 1000;

/** Like API Gateway's own 500: the client learns nothing about the failure, the log gets it all. */
const internalError = () => problemFor(new Error('handler failed'));

export async function startGateway(deps: GatewayDeps): Promise<Gateway> {
  const match = createRouter(deps.routes);
  const baseUrl = `http://127.0.0.1:${deps.port}`;
  let ready = false;

  async function dispatch(req: IncomingMessage, requestId: string): Promise<GatewayResponse> {
    const url = req.url ?? '/';
    const path = url.split('?')[0]!;
    const method = req.method ?? 'GET';

    if (localPaths.has(path)) return handleLocalRoute(req, { ...deps, method, path, url });

    const found = match(method, path);
    if (found.kind === 'none') return problem(404, 'not_found', `No route matches ${method} ${path}.`);
    if (found.kind === 'wrong-method') {
      return problem(405, 'method_not_allowed', `${path} does not accept ${method}.`, {
        headers: { allow: found.allowed.join(', ') },
      });
    }
    const { route, pathParameters } = found;
    if (route.path === '/health' && !ready) {
      return problem(503, 'dependency_unavailable', 'The local runtime is still starting.', {
        headers: { 'retry-after': '1' },
      });
    }
    const fault = route.owner === 'platform' ? undefined : deps.faults.of(route.owner);
    if (fault?.mode === 'unavailable') {
      return problem(
        503,
        'dependency_unavailable',
        `The ${route.owner} service is unavailable (local fault).`,
      );
    }
    if (fault?.mode === 'slow') await sleep(fault.delayMs);

    const body = await readBody(req);
    if (body === 'too-large') return tooLarge();
    const event = httpApiEvent(
      {
        method,
        url,
        headers: req.headersDistinct,
        body,
        sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
        protocol: `HTTP/${req.httpVersion}`,
      },
      { routeKey: routeKey(route), pathParameters, requestId, now: new Date() },
    );
    const outcome = await deps.host.invoke(route.owner, {
      handler: route.handler,
      functionName: functionNameOf(route.owner, route.handler),
      timeoutMs: functionTimeoutMs(route),
      event,
    });
    if (!outcome.ok) {
      const { errorType, errorMessage, stack } = outcome.error;
      log.error(`${routeKey(route)} failed`, stack ?? `${errorType}: ${errorMessage}`);
      return internalError();
    }
    const response = fromLambdaResult(outcome.result);
    if (!response) {
      log.error(`${routeKey(route)} returned a response API Gateway would reject`, outcome.result);
      return internalError();
    }
    return response;
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const requestId = newRequestId();
    const correlationId = correlationIdFrom(
      { 'x-correlation-id': req.headers['x-correlation-id'] as string | undefined },
      requestId,
    );
    let response: GatewayResponse;
    try {
      response = await dispatch(req, requestId);
    } catch (error) {
      log.error(`${req.method} ${req.url} failed in the gateway`, error);
      response = internalError();
    }
    const headers: Record<string, string | string[]> = { ...response.headers, 'apigw-requestid': requestId };
    // Answers the gateway makes itself carry the correlation id; a handler's answer is passed as it is.
    if (!response.fromHandler) headers['x-correlation-id'] = correlationId;
    headers['content-length'] = String(response.body.byteLength);
    if (!res.headersSent) {
      res.writeHead(response.status, headers);
      res.end(req.method === 'HEAD' ? undefined : response.body);
    }
    // The rest of an over-long body is read and dropped, so the client sees our answer, not a reset.
    if (!req.complete) req.resume();
    log.debug(`${req.method} ${req.url} ${response.status} ${Date.now() - started}ms`);
  }

  const server = createServer((req, res) => void onRequest(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: deps.port, host: '127.0.0.1' }, () => resolve());
  });
  return {
    baseUrl,
    markReady: () => {
      ready = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
