import { httpRoute } from '#lib/http/route.ts';
import { clock, orders, payments } from '../dependencies.ts';
import { orderIdParams } from '../schemas.ts';
import { makeCancelOrder } from '../use-cases/cancel-order.ts';

const cancelOrder = makeCancelOrder({ orders, payments, clock });

export const handler = httpRoute({ params: orderIdParams }, async ({ params, correlationId }) => ({
  status: 200,
  body: await cancelOrder(params.orderId, correlationId),
}));
