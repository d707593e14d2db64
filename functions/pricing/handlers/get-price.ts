import { httpRoute } from '#lib/http/route.ts';
import { clock, store } from '../dependencies.ts';
import { productParams } from '../schemas.ts';
import { makeGetPrice } from '../use-cases/get-price.ts';

const getPrice = makeGetPrice({ store, clock });

/** Also serves the seed route `GET /precos/produto/{productId}`. */
export const handler = httpRoute({ params: productParams }, async (req) => ({
  status: 200,
  body: await getPrice(req.params.productId),
}));
