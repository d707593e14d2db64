import { httpRoute } from '#lib/http/route.ts';
import { deps } from '../dependencies.ts';
import { publicMovement } from '../domain/stock.ts';
import * as routes from '../routes.ts';
import { makeQueries } from '../use-cases/queries.ts';

const queries = makeQueries(deps);

export const handler = httpRoute(routes.listMovements, async ({ params, query }) => {
  const page = await queries.movements(params.productId, query.limit, query.cursor);
  return { status: 200, body: { items: page.items.map(publicMovement), nextCursor: page.nextCursor } };
});
