import { httpRoute } from '#lib/http/route.ts';
import { parseOrThrow } from '#lib/http/validation.ts';
import {
  clock,
  currency,
  inventory,
  metrics,
  newOrderId,
  orders,
  payments,
  prices,
  tableName,
} from '../dependencies.ts';
import { type IdempotentRequest, idempotentByKey } from '../idempotency.ts';
import { idempotencyKeySchema, placeOrderBody } from '../schemas.ts';
import { makePlaceOrder, type PlaceOrderInput } from '../use-cases/place-order.ts';

const placeOrder = makePlaceOrder({
  prices,
  inventory,
  payments,
  orders,
  clock,
  metrics,
  currency,
  newOrderId,
});

const placeOrderOnce = idempotentByKey(
  tableName,
  async ({ body, correlationId, headers }: IdempotentRequest<PlaceOrderInput>) => ({
    status: 201,
    body: await placeOrder(body, correlationId, headers['idempotency-key']),
  }),
);

export const handler = httpRoute({ body: placeOrderBody }, async ({ body, headers, correlationId }) => {
  const raw = headers['idempotency-key'];
  const key = raw === undefined ? undefined : parseOrThrow(idempotencyKeySchema, raw, 'header');
  return placeOrderOnce({
    headers: key === undefined ? {} : { 'idempotency-key': key },
    body,
    correlationId,
  });
});
