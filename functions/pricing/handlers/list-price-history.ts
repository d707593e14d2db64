import { httpRoute } from '#lib/http/route.ts';
import { store } from '../dependencies.ts';
import { pageQuery, productParams } from '../schemas.ts';
import { makeListPriceHistory } from '../use-cases/list-price-history.ts';

const listHistory = makeListPriceHistory({ store });

export const handler = httpRoute({ params: productParams, query: pageQuery }, async (req) => ({
  status: 200,
  body: await listHistory(req.params.productId, req.query.limit, req.query.cursor),
}));
