import { envelope } from '#lib/events/envelope.ts';
import { type JournaledProduct, reorderFor } from '../domain/stock.ts';
import type { Clock, LedgerStore, NewId, ReorderStore } from '../ports.ts';

interface Deps {
  ledger: LedgerStore;
  reorders: ReorderStore;
  clock: Clock;
  newId: NewId;
}

/**
 * After a stock change, from the product as the change left it: a product at or below its reorder
 * point with no reorder open gets one, with its StockLow, and its journal becomes ledger rows. Both are
 * safe to repeat: rows are keyed by version, and the reorder is opened only while none is.
 */
export const makeSettleLedger =
  (deps: Deps) =>
  async (product: JournaledProduct): Promise<void> => {
    const newest = product.journal.at(-1);
    if (!newest) return;
    await openReorderIfLow(deps, product, newest.movementId);
    await deps.ledger.settleJournal(product);
  };

/** Before the journal is dropped: once it is empty, every change in it has had its reorder check. */
async function openReorderIfLow(deps: Deps, product: JournaledProduct, correlationId: string) {
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
      actor: reorder.createdBy,
    },
    correlationId,
    now,
  );
  const opened = await deps.reorders.openReorder(reorder, stockLow);
  // Failing the record makes the stream hand the product over again; the settle is safe to repeat.
  if (opened.kind === 'retry') throw new Error('a concurrent write held the product; the stream retries');
}
