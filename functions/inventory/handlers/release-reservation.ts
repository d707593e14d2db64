import { httpRoute } from '#lib/http/route.ts';
import { deps } from '../dependencies.ts';
import { publicReservation } from '../domain/reservation.ts';
import * as routes from '../routes.ts';
import { makeReleaseReservation } from '../use-cases/release-reservation.ts';

const releaseReservation = makeReleaseReservation(deps);

/**
 * A committed sale is not released here (409): its stock returns only through Sales' cancel, which
 * publishes OrderCancelled. Releasing again answers 200 with the reservation as it stands.
 */
export const handler = httpRoute(routes.releaseReservation, async ({ params, principal }) => ({
  status: 200,
  body: publicReservation(
    await releaseReservation(params.reservationId, {
      to: 'RELEASED',
      cancelledSale: false,
      actor: principal!.actor,
    }),
  ),
}));
