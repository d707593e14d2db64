import { httpRoute } from '#lib/http/route.ts';
import { orders } from '../dependencies.ts';
import { listOrdersQuery } from '../schemas.ts';
import { makeListOrders } from '../use-cases/read-orders.ts';

const listOrders = makeListOrders({ orders });

export const handler = httpRoute({ query: listOrdersQuery }, async ({ query }) => ({
  status: 200,
  body: await listOrders(query.customerId, query.limit, query.cursor),
}));
