import { httpRoute } from '#lib/http/route.ts';
import { deps, reservationTtlSeconds } from '../dependencies.ts';
import { publicReservation } from '../domain/reservation.ts';
import * as routes from '../routes.ts';
import { makeCreateReservation } from '../use-cases/create-reservation.ts';

const createReservation = makeCreateReservation({ ...deps, ttlSeconds: reservationTtlSeconds });

/** A repeat with the same lines answers 201 with the same reservation, as the first request did. */
export const handler = httpRoute(routes.createReservation, async ({ body, principal }) => ({
  status: 201,
  body: publicReservation(await createReservation({ ...body, actor: principal!.actor })),
}));
