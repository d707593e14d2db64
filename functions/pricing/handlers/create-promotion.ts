import { httpRoute } from '#lib/http/route.ts';
import { applyPromotion, clock, store } from '../dependencies.ts';
import { createPromotionBody } from '../schemas.ts';
import { makeCreatePromotion } from '../use-cases/create-promotion.ts';

const createPromotion = makeCreatePromotion({ store, clock, applyPromotion });

export const handler = httpRoute({ body: createPromotionBody }, async (req) => {
  const { name, productIds, percentOff, amountOff, startsAt, endsAt } = req.body;
  const discount = percentOff !== undefined ? { percentOff } : { amountOff: amountOff as number };
  return {
    status: 201,
    body: await createPromotion({
      name,
      productIds,
      discount,
      startsAt,
      endsAt,
      correlationId: req.correlationId,
    }),
  };
});
