import { httpRoute } from '#lib/http/route.ts';
import { deps } from '../dependencies.ts';
import { publicProduct } from '../domain/stock.ts';
import * as routes from '../routes.ts';
import { makeQueries } from '../use-cases/queries.ts';

const queries = makeQueries(deps);

/** Serves both GET /inventory/products/{productId} and the seed alias GET /inventario/produto/{productId}. */
export const handler = httpRoute(routes.getProduct, async ({ params }) => ({
  status: 200,
  body: publicProduct(await queries.product(params.productId)),
}));
