import { httpRoute } from '#lib/http/route.ts';
import { deps } from '../dependencies.ts';
import { publicReservation } from '../domain/reservation.ts';
import * as routes from '../routes.ts';
import { makeQueries } from '../use-cases/queries.ts';

const queries = makeQueries(deps);

export const handler = httpRoute(routes.getReservation, async ({ params }) => ({
  status: 200,
  body: publicReservation(await queries.reservation(params.reservationId)),
}));
