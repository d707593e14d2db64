import { httpRoute } from '#lib/http/route.ts';
import { deps } from '../dependencies.ts';
import { publicReservation } from '../domain/reservation.ts';
import { reservationIdParams } from '../schemas.ts';
import { makeQueries } from '../use-cases/queries.ts';

const queries = makeQueries(deps);

export const handler = httpRoute({ params: reservationIdParams }, async ({ params }) => ({
  status: 200,
  body: publicReservation(await queries.reservation(params.reservationId)),
}));
