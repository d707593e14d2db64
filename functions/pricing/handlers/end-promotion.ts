import { httpRoute } from '#lib/http/route.ts';
import { applyPromotion, clock, promotions } from '../dependencies.ts';
import * as routes from '../routes.ts';
import { makeEndPromotion } from '../use-cases/end-promotion.ts';

const endPromotion = makeEndPromotion({ promotions, clock, applyPromotion });

export const handler = httpRoute(routes.endPromotion, async (req) => ({
  status: 200,
  body: await endPromotion(req.params.promotionId, req.correlationId, req.principal!.actor),
}));
