import { httpRoute } from '#lib/http/route.ts';
import { deps, reservationTtlSeconds } from '../dependencies.ts';
import { publicReservation } from '../domain/reservation.ts';
import * as routes from '../routes.ts';
import { makeCreateReservation } from '../use-cases/create-reservation.ts';
import { makeProductNames } from '../use-cases/product-names.ts';

const createReservation = makeCreateReservation({ ...deps, ttlSeconds: reservationTtlSeconds });
/** Per function instance: a product's name is read once, not once per order. */
const names = makeProductNames(deps);

/**
 * A repeat with the same lines answers 201 with the same reservation, as the first request did. The
 * lines name their products (the names Sales puts on the receipt), which never change once created.
 */
export const handler = httpRoute(routes.createReservation, async ({ body, principal }) => {
  const reservation = await createReservation({ ...body, actor: principal!.actor });
  const lineNames = await names(reservation.lines.map((line) => line.productId));
  return { status: 201, body: publicReservation(reservation, lineNames) };
});
