import { httpRoute } from '#lib/http/route.ts';
import { deps, reservationTtlSeconds } from '../dependencies.ts';
import { publicReservation } from '../domain/reservation.ts';
import * as routes from '../routes.ts';
import { makeCreateReservation } from '../use-cases/create-reservation.ts';
import { makeQueries } from '../use-cases/queries.ts';

const createReservation = makeCreateReservation({ ...deps, ttlSeconds: reservationTtlSeconds });
const queries = makeQueries(deps);

/**
 * A repeat with the same lines answers 201 with the same reservation, as the first request did. The
 * lines name their products, read after the reservation is made: the names Sales puts on the receipt.
 */
export const handler = httpRoute(routes.createReservation, async ({ body, principal }) => {
  const reservation = await createReservation({ ...body, actor: principal!.actor });
  const names = await queries.names(reservation.lines.map((line) => line.productId));
  return { status: 201, body: publicReservation(reservation, names) };
});
