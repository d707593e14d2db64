import { httpRoute } from '#lib/http/route.ts';
import { prices } from '../dependencies.ts';
import * as routes from '../routes.ts';
import { makeListPriceHistory } from '../use-cases/list-price-history.ts';

const listHistory = makeListPriceHistory({ prices });

export const handler = httpRoute(routes.listPriceHistory, async (req) => ({
  status: 200,
  body: await listHistory(req.params.productId, req.query.limit, req.query.cursor),
}));
