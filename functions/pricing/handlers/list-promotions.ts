import { httpRoute } from '#lib/http/route.ts';
import { clock, promotions } from '../dependencies.ts';
import * as routes from '../routes.ts';
import { makeListPromotions } from '../use-cases/list-promotions.ts';

const listPromotions = makeListPromotions({ promotions, clock });

export const handler = httpRoute(routes.listPromotions, async (req) => ({
  status: 200,
  body: await listPromotions(req.query.limit, req.query.cursor),
}));
