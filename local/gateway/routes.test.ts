import { routes } from '#functions/catalogue.ts';
import { type RouteDef, routePaths } from '#lib/catalogue/index.ts';
import { createRouter } from './routes.ts';

const route = (method: RouteDef['method'], path: string): RouteDef => ({
  method,
  path,
  owner: 'inventory',
  handler: `h/${method}${path}`,
  scope: null,
  access: 'none',
  summary: `${method} ${path}`,
  responses: {},
});

describe('gateway route matching', () => {
  const match = createRouter([
    route('GET', '/inventory/products'),
    route('GET', '/inventory/products/{productId}'),
    route('PUT', '/inventory/products/{productId}'),
    route('GET', '/inventory/products/{productId}/movements'),
    route('GET', '/inventory/reservations/{reservationId}'),
    route('GET', '/inventory/reservations/active'),
  ]);

  it('matches a template and decodes its path parameters', () => {
    const found = match('GET', '/inventory/products/caf%C3%A9-1');

    expect(found).toMatchObject({
      kind: 'route',
      route: { path: '/inventory/products/{productId}' },
      pathParameters: { productId: 'café-1' },
    });
  });

  it('prefers the template with more literal segments', () => {
    expect(match('GET', '/inventory/reservations/active')).toMatchObject({
      route: { path: '/inventory/reservations/active' },
    });
  });

  it('tells a known path with another method from an unknown path', () => {
    expect(match('DELETE', '/inventory/products/p1')).toEqual({
      kind: 'wrong-method',
      allowed: ['GET', 'PUT'],
    });
    expect(match('GET', '/inventory/nothing')).toEqual({ kind: 'none' });
  });

  it('never matches an empty parameter or extra segments', () => {
    expect(match('GET', '/inventory/products/')).toEqual({ kind: 'none' });
    expect(match('GET', '/inventory/products/p1/movements/x')).toEqual({ kind: 'none' });
  });

  it('finds every catalogue route by its own path and by each alias', () => {
    const catalogue = createRouter(routes);
    for (const r of routes) {
      for (const template of routePaths(r)) {
        const path = template.replace(/\{[^}]+\}/g, 'id-1');
        expect(catalogue(r.method, path)).toMatchObject({ kind: 'route', route: r, template });
      }
    }
  });
});
