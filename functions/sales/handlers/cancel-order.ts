import { httpRoute } from '#lib/http/route.ts';
import { clock, orders, payments } from '../dependencies.ts';
import * as routes from '../routes.ts';
import { makeCancelOrder } from '../use-cases/cancel-order.ts';

const cancelOrder = makeCancelOrder({ orders, payments, clock });

export const handler = httpRoute(routes.cancelOrder, async ({ params, principal, correlationId }) => ({
  status: 200,
  body: await cancelOrder(params.orderId, principal!.actor, correlationId),
}));
