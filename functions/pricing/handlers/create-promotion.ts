import { httpRoute } from '#lib/http/route.ts';
import { applyPromotion, clock, metrics, newId, prices, promotions } from '../dependencies.ts';
import * as routes from '../routes.ts';
import { makeCreatePromotion } from '../use-cases/create-promotion.ts';

const createPromotion = makeCreatePromotion({
  prices,
  promotions,
  clock,
  metrics,
  newId,
  applyPromotion,
});

export const handler = httpRoute(routes.createPromotion, async (req) => {
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
      actor: req.principal!.actor,
    }),
  };
});
