import { httpRoute } from '#lib/http/route.ts';
import { deps } from '../dependencies.ts';
import { publicMovement } from '../domain/stock.ts';
import { listQuery, productIdParams } from '../schemas.ts';
import { makeQueries } from '../use-cases/queries.ts';

const queries = makeQueries(deps);

export const handler = httpRoute({ params: productIdParams, query: listQuery }, async ({ params, query }) => {
  const page = await queries.movements(params.productId, query.limit, query.cursor);
  return { status: 200, body: { items: page.items.map(publicMovement), nextCursor: page.nextCursor } };
});
