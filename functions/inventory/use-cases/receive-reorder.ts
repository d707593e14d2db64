import { notFound } from '#lib/errors.ts';
import { RETRY, withRetries } from '#lib/retry.ts';
import { planStockChange, type Reorder } from '../domain/stock.ts';
import type { Deps } from './ports.ts';
import { stockLowEvents } from './stock-plans.ts';

/**
 * The goods arrived: ONE transaction moves the reorder OPEN → RECEIVED (the condition that makes it
 * happen once), adds its quantity from the product version read, writes the movement and clears the
 * open-reorder marker (opening a new reorder if stock is still at or below the point). Receiving a
 * RECEIVED reorder again answers the same, with no second increment.
 */
export const makeReceiveReorder =
  (deps: Deps) =>
  (reorderId: string, correlationId: string): Promise<Reorder> =>
    withRetries(async () => {
      const reorder = await deps.store.getReorder(reorderId);
      if (!reorder) throw notFound('Reorder', reorderId);
      if (reorder.status === 'RECEIVED') return reorder;
      const product = await deps.store.getProduct(reorder.productId);
      if (!product) throw notFound('Product', reorder.productId);
      const now = deps.clock.now();
      const planned = planStockChange(
        product,
        {
          delta: reorder.quantity,
          reason: 'reorder-received',
          reference: reorderId,
          receivedReorderId: reorderId,
        },
        { now, newId: deps.newId },
      );
      if (!planned.ok) throw new Error('an increment is never short');
      const at = now.toISOString();
      const result = await deps.store.write({
        changes: [planned.change],
        receiveReorder: { reorderId, at },
        events: stockLowEvents([planned.change], correlationId, now),
      });
      return result === 'ok' ? { ...reorder, status: 'RECEIVED', receivedAt: at } : RETRY;
    });
