import { httpRoute } from '#lib/http/route.ts';
import { deps } from '../dependencies.ts';
import { publicReservation } from '../domain/reservation.ts';
import * as routes from '../routes.ts';
import { makeCommitReservation } from '../use-cases/commit-reservation.ts';

const commitReservation = makeCommitReservation(deps);

export const handler = httpRoute(routes.commitReservation, async ({ params }) => ({
  status: 200,
  body: publicReservation(await commitReservation(params.reservationId)),
}));
