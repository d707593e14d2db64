import { httpRoute } from '#lib/http/route.ts';
import { deps } from '../dependencies.ts';
import { publicReorder } from '../domain/stock.ts';
import * as routes from '../routes.ts';
import { makeQueries } from '../use-cases/queries.ts';

const queries = makeQueries(deps);

export const handler = httpRoute(routes.listReorders, async ({ query }) => {
  const page = await queries.reorders(query.limit, query.cursor, query.status);
  return { status: 200, body: { items: page.items.map(publicReorder), nextCursor: page.nextCursor } };
});
