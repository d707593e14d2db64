import { defaultRate } from './resources.ts';
import type { RateLimit, RouteDef } from './types.ts';

/**
 * Declares a route in its service's `routes.ts`, keeping the literal types of its schemas so the
 * handler built from it (`httpRoute(entry, …)`) receives typed params, query, headers and body.
 */
export const defineRoute = <const R extends RouteDef>(route: R): R => route;

/** Every path the route answers on: its own and its aliases. */
export const routePaths = (route: Pick<RouteDef, 'path' | 'aliases'>): readonly string[] => [
  route.path,
  ...(route.aliases ?? []),
];

/** API Gateway's route key, e.g. `GET /inventory/products/{productId}`. */
export const routeKey = (route: Pick<RouteDef, 'method' | 'path'>): string => `${route.method} ${route.path}`;

/** The route keys of every path of the route. */
export const routeKeys = (route: Pick<RouteDef, 'method' | 'path' | 'aliases'>): readonly string[] =>
  routePaths(route).map((path) => routeKey({ method: route.method, path }));

/** The route's rate and burst, from its entry or the default. */
export const rateOf = (route: Pick<RouteDef, 'rate'>): RateLimit => route.rate ?? defaultRate;

/**
 * The routes of the service API: those a service calls, each at its own path only (the services call
 * no seed alias), so the services' calls have their own budget and entrance.
 */
export const serviceApiRoutes = (routes: readonly RouteDef[]): RouteDef[] =>
  routes.filter((route) => (route.calledBy?.length ?? 0) > 0).map(({ aliases: _aliases, ...route }) => route);
