import { httpRoute } from '#lib/http/route.ts';
import { clock, orders, payments } from '../dependencies.ts';
import * as routes from '../routes.ts';
import { makeReturnOrder } from '../use-cases/return-order.ts';

const returnOrder = makeReturnOrder({ orders, payments, clock });

/** A repeat with the same return id and body answers 201 with the same return, as the first did. */
export const handler = httpRoute(routes.returnOrder, async ({ params, body, principal, correlationId }) => ({
  status: 201,
  body: await returnOrder(params.orderId, body, principal!.actor, correlationId),
}));
