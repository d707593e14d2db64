import { httpRoute } from '#lib/http/route.ts';
import { deps } from '../dependencies.ts';
import { publicProduct } from '../domain/stock.ts';
import * as routes from '../routes.ts';
import { makeCreateProduct } from '../use-cases/create-product.ts';

const createProduct = makeCreateProduct(deps);

export const handler = httpRoute(routes.createProduct, async ({ body, principal }) => ({
  status: 201,
  body: publicProduct(await createProduct({ ...body, actor: principal!.actor })),
}));
