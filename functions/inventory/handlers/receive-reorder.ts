import { httpRoute } from '#lib/http/route.ts';
import { deps } from '../dependencies.ts';
import { publicReorder } from '../domain/stock.ts';
import * as routes from '../routes.ts';
import { makeReceiveReorder } from '../use-cases/receive-reorder.ts';

const receiveReorder = makeReceiveReorder(deps);

/** The movement and the reorder name the caller as who received the goods. */
export const handler = httpRoute(routes.receiveReorder, async ({ params, principal }) => ({
  status: 200,
  body: publicReorder(await receiveReorder(params.reorderId, principal!.actor)),
}));
