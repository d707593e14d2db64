import { httpRoute } from '#lib/http/route.ts';
import { deps } from '../dependencies.ts';
import { publicProduct } from '../domain/stock.ts';
import * as routes from '../routes.ts';
import { makeQueries } from '../use-cases/queries.ts';

const queries = makeQueries(deps);

export const handler = httpRoute(routes.listProducts, async ({ query }) => {
  const page = await queries.products(query.limit, query.cursor, { q: query.q, lowStock: query.lowStock });
  return { status: 200, body: { items: page.items.map(publicProduct), nextCursor: page.nextCursor } };
});
