import { httpRoute } from '#lib/http/route.ts';
import { clock, store } from '../dependencies.ts';
import { currency, productParams, setPriceBody } from '../schemas.ts';
import { makeSetPrice } from '../use-cases/set-price.ts';

const setPrice = makeSetPrice({ store, clock });

export const handler = httpRoute({ params: productParams, body: setPriceBody }, async (req) => ({
  status: 200,
  body: await setPrice({
    productId: req.params.productId,
    amount: req.body.amount,
    currency,
    correlationId: req.correlationId,
  }),
}));
