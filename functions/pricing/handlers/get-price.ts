import { httpRoute } from '#lib/http/route.ts';
import { clock, prices, promotions } from '../dependencies.ts';
import * as routes from '../routes.ts';
import { makeGetPrice } from '../use-cases/get-price.ts';

const getPrice = makeGetPrice({ prices, promotions, clock });

/** Also serves the seed route `GET /precos/produto/{productId}`. */
export const handler = httpRoute(routes.getPrice, async (req) => ({
  status: 200,
  body: await getPrice(req.params.productId),
}));
