import { httpRoute } from '#lib/http/route.ts';
import { clock, metrics, prices, promotions } from '../dependencies.ts';
import * as routes from '../routes.ts';
import { currency } from '../schemas.ts';
import { makeSetPrice } from '../use-cases/set-price.ts';

const setPrice = makeSetPrice({ prices, promotions, clock, metrics });

export const handler = httpRoute(routes.setPrice, async (req) => ({
  status: 200,
  body: await setPrice({
    productId: req.params.productId,
    amount: req.body.amount,
    currency,
    correlationId: req.correlationId,
    actor: req.principal!.actor,
  }),
}));
