import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { distDir as consoleDistDir } from '#console/build.ts';
import {
  defaultRate,
  type RateLimit,
  type RouteDef,
  rateOf,
  routeKey,
  routeKeys,
  serviceApiRoutes,
} from '#lib/catalogue/index.ts';
import { correlationIdFrom } from '#lib/http/correlation.ts';
import { createPeopleSignIn } from '#local/auth/people-sign-in.ts';
import type { Issuer } from '#local/auth/signing-key.ts';
import type { Mailbox } from '#local/emulators/ses.ts';
import type { EventsLog } from '#local/events-log.ts';
import type { Faults } from '#local/faults.ts';
import { functionNameOf, type LambdaHost } from '#local/lambda/host.ts';
import { log } from '#local/log.ts';
import type { Status } from '#local/status.ts';
import { readBody, tooLarge } from './body.ts';
import { isConsolePath, serveConsole } from './console-static.ts';
import { isLoopbackHost } from './guards.ts';
import { httpApiEvent, newRequestId } from './http-api-event.ts';
import { handleLocalRoute, localPaths } from './local-routes.ts';
import { problem, problemFor } from './problem.ts';
import { createRateLimiter, type RateLimiter } from './rate-limiter.ts';
import { fromLambdaResult, type GatewayResponse } from './response.ts';
import { createRouter } from './routes.ts';
import { serviceAuthorizer } from './service-auth.ts';

export interface GatewayDeps {
  port: number;
  /** The service API's port (the routes services call, for the services' clients); 0: any free one. */
  servicePort: number;
  routes: readonly RouteDef[];
  host: LambdaHost;
  issuer: Issuer;
  faults: Faults;
  events: EventsLog;
  status: Status;
  /** The SES emulator's catch, for `GET /__local/mail`. */
  mail?: Pick<Mailbox, 'list'>;
  /** The console's build (default console/dist), served at /console/ on the public port. */
  consoleDir?: string;
}

export interface Gateway {
  baseUrl: string;
  /** The service API, which the services' workers call each other through (`SERVICE_API_URL`). */
  serviceUrl: string;
  /** From now on `/health` is answered by its handler instead of 503. */
  markReady(): void;
  close(): Promise<void>;
}

/** The function's own timeout (catalogue, 10 s by default), as Lambda enforces it. */
const functionTimeoutMs = (route: RouteDef) => (route.timeoutSeconds ?? 10) * 1000;

/** Like API Gateway's own 500: the client learns nothing about the failure, the log gets it all. */
const internalError = () => problemFor(new Error('handler failed'));

/** API Gateway answers a throttled request 429 before any integration runs; this one says when to retry. */
const rateLimited = (key: string, retryAfterSeconds: number) =>
  problem(429, 'rate_limited', `Too many requests to ${key}; try again in ${retryAfterSeconds} s.`, {
    headers: { 'retry-after': String(retryAfterSeconds) },
  });

/**
 * One of the two APIs the gateway serves, as the stack has two stages: the public one, and the
 * service API with only the routes services call, its own buckets and its own authorizer.
 */
interface Entrance {
  match: ReturnType<typeof createRouter>;
  limiter: RateLimiter;
  /** Refuses a request before its route's bucket is touched; the public API leaves this to the handlers. */
  authorize?: (authorization: string | undefined) => Promise<GatewayResponse | undefined>;
  /** Only the public port serves the local-only routes (the issuer's endpoints, the developer's tools). */
  localRoutes: boolean;
}

/** Each route key (an alias is its own) with its catalogue rate, as the stage's route settings hold them. */
function limiterFor(routes: readonly RouteDef[]): RateLimiter {
  const rates = new Map<string, RateLimit>(
    routes.flatMap((route) => routeKeys(route).map((key) => [key, rateOf(route)] as const)),
  );
  return createRateLimiter((key) => rates.get(key) ?? defaultRate);
}

const listen = (server: Server, port: number): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1' }, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });

const closeServer = (server: Server): Promise<void> =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

export async function startGateway(deps: GatewayDeps): Promise<Gateway> {
  const publicApi: Entrance = {
    match: createRouter(deps.routes),
    limiter: limiterFor(deps.routes),
    localRoutes: true,
  };
  const serviceRoutes = serviceApiRoutes(deps.routes);
  // People's sign-in sessions and codes live as long as this gateway, as a user pool's do.
  const people = createPeopleSignIn(deps.issuer);
  let ready = false;

  async function dispatch(req: IncomingMessage, requestId: string, api: Entrance): Promise<GatewayResponse> {
    const url = req.url ?? '/';
    const path = url.split('?')[0]!;
    const method = req.method ?? 'GET';

    if (!isLoopbackHost(req.headers.host)) {
      return problem(403, 'forbidden', 'The local runtime answers only requests for a loopback Host.');
    }
    if (api.localRoutes && localPaths.has(path)) {
      return handleLocalRoute(req, { ...deps, people, method, path, url });
    }
    if (api.localRoutes && isConsolePath(path)) {
      return serveConsole(method, path, deps.consoleDir ?? consoleDistDir);
    }

    const found = api.match(method, path);
    if (found.kind === 'none') return problem(404, 'not_found', `No route matches ${method} ${path}.`);
    if (found.kind === 'wrong-method') {
      return problem(405, 'method_not_allowed', `${path} does not accept ${method}.`, {
        headers: { allow: found.allowed.join(', ') },
      });
    }
    const { route, pathParameters } = found;
    const key = routeKey({ method: route.method, path: found.template });
    const refused = await api.authorize?.(req.headers.authorization);
    if (refused) return refused;
    // Before the body is read and the handler invoked: a throttled request costs the services nothing.
    const admission = api.limiter.take(key);
    if (!admission.ok) return rateLimited(key, admission.retryAfterSeconds);
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
      { routeKey: key, pathParameters, requestId, now: new Date() },
    );
    const outcome = await deps.host.invoke(route.owner, {
      handler: route.handler,
      functionName: functionNameOf(route.owner, route.handler),
      timeoutMs: functionTimeoutMs(route),
      event,
      admitted: true,
    });
    if (!outcome.ok && outcome.error.errorType === 'TooManyRequestsException') {
      return problem(
        503,
        'dependency_unavailable',
        'Too many requests are being served at once; try again shortly.',
        {
          headers: { 'retry-after': '1' },
        },
      );
    }
    if (!outcome.ok) {
      const { errorType, errorMessage, stack } = outcome.error;
      log.error(`${key} failed`, stack ?? `${errorType}: ${errorMessage}`);
      return internalError();
    }
    const response = fromLambdaResult(outcome.result);
    if (!response) {
      log.error(`${key} returned a response API Gateway would reject`, outcome.result);
      return internalError();
    }
    return response;
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse, api: Entrance): Promise<void> {
    const started = Date.now();
    const requestId = newRequestId();
    const correlationId = correlationIdFrom(
      { 'x-correlation-id': req.headers['x-correlation-id'] as string | undefined },
      requestId,
    );
    let response: GatewayResponse;
    try {
      response = await dispatch(req, requestId, api);
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

  const server = createServer((req, res) => void onRequest(req, res, publicApi));
  const baseUrl = `http://127.0.0.1:${await listen(server, deps.port)}`;
  // The runtime is its own token issuer, at its public URL (API.md, Authentication).
  const serviceApi: Entrance = {
    match: createRouter(serviceRoutes),
    limiter: limiterFor(serviceRoutes),
    authorize: serviceAuthorizer(deps.issuer, baseUrl),
    localRoutes: false,
  };
  const serviceServer = createServer((req, res) => void onRequest(req, res, serviceApi));
  let serviceUrl: string;
  try {
    serviceUrl = `http://127.0.0.1:${await listen(serviceServer, deps.servicePort)}`;
  } catch (error) {
    await closeServer(server);
    throw error;
  }
  return {
    baseUrl,
    serviceUrl,
    markReady: () => {
      ready = true;
    },
    close: async () => {
      await Promise.all([closeServer(server), closeServer(serviceServer)]);
    },
  };
}
