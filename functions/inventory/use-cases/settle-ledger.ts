import { envelope } from '#lib/events/envelope.ts';
import { type JournaledProduct, reorderFor } from '../domain/stock.ts';
import type { Deps } from './ports.ts';

/**
 * After a stock change, from the product as the change left it: its journal becomes ledger rows, and
 * a product at or below its reorder point with no reorder open gets one, with its StockLow. Both are
 * safe to repeat: rows are keyed by version, and the reorder is opened only while none is.
 */
export const makeSettleLedger =
  (deps: Deps) =>
  async (product: JournaledProduct): Promise<void> => {
    const newest = product.journal.at(-1);
    if (!newest) return;
    await deps.store.settleJournal(product);
    const now = deps.clock.now();
    const reorder = reorderFor(product, { now, newId: deps.newId });
    if (!reorder) return;
    const stockLow = envelope(
      'StockLow',
      'inventory',
      {
        productId: product.productId,
        quantity: product.quantity,
        reorderPoint: product.reorderPoint,
        reorderId: reorder.reorderId,
      },
      // The change that left stock low.
      newest.movementId,
      now,
    );
    await deps.store.openReorder(reorder, stockLow);
  };
