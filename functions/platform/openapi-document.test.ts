import { routes } from '#lib/catalogue/routes.ts';
import { openApiDocument } from '#lib/http/openapi.ts';
import { operations as inventory } from '../inventory/operations.ts';
import { operations as pricing } from '../pricing/operations.ts';
import { operations as sales } from '../sales/operations.ts';

type Op = {
  security: { bearer?: string[] }[];
  parameters: { name: string; in: string }[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
};

/** The document `GET /openapi.json` serves, built from the catalogue and the services' zod schemas. */
describe('the OpenAPI document', () => {
  const document = openApiDocument(routes, { ...inventory, ...pricing, ...sales }, '1.0.0');
  const operation = (method: string, path: string) =>
    (document.paths[path] as Record<string, Op> | undefined)?.[method.toLowerCase()];

  it('describes every catalogue route with its scope, its schemas and a problem answer', () => {
    for (const route of routes) {
      const op = operation(route.method, route.path);
      const key = `${route.method} ${route.path}`;

      expect({ key, described: op !== undefined }).toEqual({ key, described: true });
      expect(op!.security).toEqual(route.scope ? [{ bearer: [route.scope] }] : []);
      expect({
        key,
        summarised: (inventory[key] ?? pricing[key] ?? sales[key]) !== undefined || !route.scope,
      }).toEqual({
        key,
        summarised: true,
      });
      if (route.scope) expect(op!.responses['401']).toBeDefined();
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
