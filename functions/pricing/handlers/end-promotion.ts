import { httpRoute } from '#lib/http/route.ts';
import { applyPromotion, clock, store } from '../dependencies.ts';
import { promotionParams } from '../schemas.ts';
import { makeEndPromotion } from '../use-cases/end-promotion.ts';

const endPromotion = makeEndPromotion({ store, clock, applyPromotion });

export const handler = httpRoute({ params: promotionParams }, async (req) => ({
  status: 200,
  body: await endPromotion(req.params.promotionId, req.correlationId),
}));
