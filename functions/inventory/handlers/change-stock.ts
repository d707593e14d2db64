import { httpRoute } from '#lib/http/route.ts';
import { deps } from '../dependencies.ts';
import { publicProduct } from '../domain/stock.ts';
import * as routes from '../routes.ts';
import { makeChangeStock } from '../use-cases/change-stock.ts';

const changeStock = makeChangeStock(deps);

/** Serves both PUT /inventory/products/{productId} and the seed alias PUT /inventario/produto/{productId}. */
export const handler = httpRoute(routes.changeStock, async ({ params, body, principal }) => {
  const product = await changeStock(
    body.delta !== undefined
      ? {
          kind: 'delta',
          productId: params.productId,
          delta: body.delta,
          reason: body.reason ?? 'adjustment',
          reference: body.reference ?? null,
          actor: principal!.actor,
        }
      : {
          kind: 'count',
          productId: params.productId,
          quantity: body.quantity ?? 0,
          expectedVersion: body.expectedVersion,
          actor: principal!.actor,
        },
  );
  return { status: 200, body: publicProduct(product) };
});
