import { httpRoute } from '#lib/http/route.ts';
import {
  clock,
  currency,
  inventory,
  logger,
  metrics,
  newOrderId,
  orders,
  payments,
  prices,
  tableName,
} from '../dependencies.ts';
import { clientScopedKey, type IdempotentRequest, idempotentByKey } from '../idempotency.ts';
import * as routes from '../routes.ts';
import { makePlaceOrder, type PlaceOrderInput } from '../use-cases/place-order.ts';

const placeOrder = makePlaceOrder({
  prices,
  inventory,
  payments,
  orders,
  clock,
  metrics,
  logger,
  currency,
  newOrderId,
});

const placeOrderOnce = idempotentByKey(
  tableName,
  async ({ body, correlationId, headers, actor }: IdempotentRequest<PlaceOrderInput>) => ({
    status: 201,
    body: await placeOrder(body, correlationId, headers['idempotency-key'], actor),
  }),
);

/**
 * Keys are per client (API.md): two tills that happen to send the same key get two orders. The client
 * id comes from the verified token, so one client can never replay another's answer.
 */
export const handler = httpRoute(
  routes.placeOrder,
  async ({ body, parsedHeaders, principal, correlationId }) => {
    const key = parsedHeaders['idempotency-key'];
    return placeOrderOnce({
      headers: key === undefined ? {} : { 'idempotency-key': clientScopedKey(principal!.clientId, key) },
      body,
      correlationId,
      actor: principal!.actor,
    });
  },
);
