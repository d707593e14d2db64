import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { routeKey, serviceApiRoutes, serviceClients } from '#lib/catalogue/index.ts';
import { createRouter } from '#local/gateway/routes.ts';
import { routes } from './catalogue.ts';

// The service API serves only the routes whose entry names their caller (`calledBy`): a call a
// service's adapter makes to a route without it would be a 404 there, so each adapter call is
// checked against the entries, and each entry against the calls.

const functionsDir = fileURLToPath(new URL('.', import.meta.url));

/** `callService({ method: 'GET', path: `/sales/orders/${id}` … })` → `GET /sales/orders/x`. */
function callsOf(service: string): { method: string; path: string; file: string }[] {
  const dir = join(functionsDir, service, 'adapters');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .flatMap((file) => {
      const source = readFileSync(join(dir, file), 'utf8');
      return [...source.matchAll(/method:\s*'([A-Z]+)',\s*path:\s*(['`])(.*?)\2/g)].map((m) => ({
        method: m[1]!,
        path: m[3]!.replace(/\$\{[^}]*\}/g, 'x').split('?')[0]!,
        file: `${service}/adapters/${file}`,
      }));
    });
}

describe('the routes services call', () => {
  const match = createRouter(serviceApiRoutes(routes));

  it.each(serviceClients.map((client) => [client.service] as const))(
    "%s's adapters call only routes the service API serves to it",
    (service) => {
      const calls = callsOf(service);
      expect(calls.length).toBeGreaterThan(0);
      for (const call of calls) {
        const found = match(call.method, call.path);
        expect({ call, found: found.kind }).toEqual({ call, found: 'route' });
        if (found.kind === 'route') expect(found.route.calledBy).toContain(service);
      }
    },
  );

  it('names no caller that does not call the route', () => {
    for (const route of serviceApiRoutes(routes)) {
      for (const caller of route.calledBy ?? []) {
        const calls = callsOf(caller).filter((call) => {
          const found = match(call.method, call.path);
          return found.kind === 'route' && routeKey(found.route) === routeKey(route);
        });
        expect({ route: routeKey(route), caller, calls: calls.length > 0 }).toEqual({
          route: routeKey(route),
          caller,
          calls: true,
        });
      }
    }
  });
});
