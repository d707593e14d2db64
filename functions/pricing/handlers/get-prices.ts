import { httpRoute } from '#lib/http/route.ts';
import { clock, prices, promotions } from '../dependencies.ts';
import * as routes from '../routes.ts';
import { makeGetPrices } from '../use-cases/get-prices.ts';

const getPrices = makeGetPrices({ prices, promotions, clock });

export const handler = httpRoute(routes.getPrices, async ({ query }) => ({
  status: 200,
  body: { items: await getPrices(query.productIds), nextCursor: null },
}));
