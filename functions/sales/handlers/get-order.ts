import { httpRoute } from '#lib/http/route.ts';
import { orders } from '../dependencies.ts';
import * as routes from '../routes.ts';
import { makeGetOrder } from '../use-cases/read-orders.ts';

const getOrder = makeGetOrder({ orders });

export const handler = httpRoute(routes.getOrder, async ({ params }) => ({
  status: 200,
  body: await getOrder(params.orderId),
}));
