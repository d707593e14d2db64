import { RETRY, withRetries } from '#lib/dynamodb/backoff.ts';
import { notFound } from '#lib/errors.ts';
import { movementEntry, type Reorder } from '../domain/stock.ts';
import type { Clock, NewId, ProductStore, ReorderStore } from '../ports.ts';

interface Deps {
  reorders: ReorderStore;
  products: ProductStore;
  clock: Clock;
  newId: NewId;
}

/**
 * The goods arrived: ONE transaction moves the reorder OPEN → RECEIVED (the condition that makes it
 * happen once), adds its quantity and clears the open-reorder marker; if stock is still at or below
 * the point, the settled ledger opens the next one. Receiving a RECEIVED reorder again answers the
 * same, with no second increment (and still names who received it first).
 */
export const makeReceiveReorder =
  (deps: Deps) =>
  (reorderId: string, actor: string): Promise<Reorder> =>
    withRetries(async () => {
      const reorder = await deps.reorders.getReorder(reorderId);
      if (!reorder) throw notFound('Reorder', reorderId);
      if (reorder.status === 'RECEIVED') return reorder;
      const product = await deps.products.getProduct(reorder.productId);
      if (!product) throw notFound('Product', reorder.productId);
      const now = deps.clock.now();
      const entry = movementEntry(
        { delta: reorder.quantity, reason: 'reorder-received', reference: reorderId, actor },
        { now, newId: deps.newId },
      );
      const at = now.toISOString();
      // The marker names this reorder until this receipt clears it: nothing else can change it meanwhile.
      const closesMarker = product.openReorderId === reorderId;
      const result = await deps.reorders.receiveReorder({
        reorderId,
        change: { productId: product.productId, entry },
        at,
        receivedBy: actor,
        closesMarker,
      });
      return result.kind === 'ok'
        ? { ...reorder, status: 'RECEIVED' as const, receivedAt: at, receivedBy: actor }
        : RETRY;
    });
