import { httpRoute } from '#lib/http/route.ts';
import { orders } from '../dependencies.ts';
import * as routes from '../routes.ts';
import { makeListOrders, selectionOf } from '../use-cases/read-orders.ts';

const listOrders = makeListOrders({ orders });

export const handler = httpRoute(routes.listOrders, async ({ query }) => ({
  status: 200,
  body: await listOrders(selectionOf(query), query.limit, query.cursor),
}));
