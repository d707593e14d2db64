import { routeKeys, routePaths } from '#lib/catalogue/routes.ts';
import { openApiDocument } from '#lib/http/openapi.ts';
import { routes } from '../catalogue.ts';

type Op = {
  summary: string;
  security: { bearer?: string[] }[];
  parameters: { name: string; in: string }[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
};

/** The document `GET /openapi.json` serves, built from the catalogue and the services' zod schemas. */
describe('the OpenAPI document', () => {
  const document = openApiDocument(routes, '1.0.0');
  const operation = (method: string, path: string) =>
    (document.paths[path] as Record<string, Op> | undefined)?.[method.toLowerCase()];

  it('describes every catalogue route with its scope, its schemas and a problem answer', () => {
    for (const route of routes) {
      for (const [path, key] of routePaths(route).map((p, i) => [p, routeKeys(route)[i]] as const)) {
        const op = operation(route.method, path);

        expect({ key, described: op !== undefined }).toEqual({ key, described: true });
        expect(op!.security).toEqual(route.scope ? [{ bearer: [route.scope] }] : []);
        expect({ key, summarised: op!.summary.length > 0 }).toEqual({ key, summarised: true });
        if (route.scope) expect(op!.responses['401']).toBeDefined();
      }
    }
  });

  it('documents the request body, path ids and the optional Idempotency-Key of order placement', () => {
    const placeOrder = operation('POST', '/sales/orders')!;
    const getProduct = operation('GET', '/inventory/products/{productId}')!;

    expect(placeOrder.requestBody).toBeDefined();
    expect(placeOrder.parameters).toContainEqual(
      expect.objectContaining({ name: 'idempotency-key', in: 'header' }),
    );
    expect(getProduct.parameters).toContainEqual(expect.objectContaining({ name: 'productId', in: 'path' }));
  });
});
