import { httpRoute } from '#lib/http/route.ts';
import { deps } from '../dependencies.ts';
import { publicProduct } from '../domain/stock.ts';
import { createProductBody } from '../schemas.ts';
import { makeCreateProduct } from '../use-cases/create-product.ts';

const createProduct = makeCreateProduct(deps);

export const handler = httpRoute({ body: createProductBody }, async ({ body }) => ({
  status: 201,
  body: publicProduct(await createProduct(body)),
}));
