import { httpRoute } from '#lib/http/route.ts';
import { clock, store } from '../dependencies.ts';
import { pageQuery } from '../schemas.ts';
import { makeListPromotions } from '../use-cases/list-promotions.ts';

const listPromotions = makeListPromotions({ store, clock });

export const handler = httpRoute({ query: pageQuery }, async (req) => ({
  status: 200,
  body: await listPromotions(req.query.limit, req.query.cursor),
}));
