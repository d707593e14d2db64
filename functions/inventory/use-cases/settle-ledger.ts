import { envelope } from '#lib/events/envelope.ts';
import { mapConcurrently } from '#lib/map-concurrently.ts';
import { type ProductImage, reorderFor } from '../domain/stock.ts';
import type { Clock, LedgerStore, NewId, ReorderStore, UnsettledVersions } from '../ports.ts';

interface Deps {
  ledger: LedgerStore;
  reorders: ReorderStore;
  clock: Clock;
  newId: NewId;
}

/** Products whose reorder check runs at once. */
const PRODUCTS_IN_FLIGHT = 5;

/** Some products' reorders met a concurrent write: the stream hands them over again. */
export class SettleFailed extends Error {
  readonly productIds: string[];
  constructor(productIds: string[]) {
    super(`a concurrent write held ${productIds.join(', ')}; the stream retries`);
    this.productIds = productIds;
  }
}

/**
 * After stock changes, from the products as the changes left them (stream images, in stream order,
 * one or many products): every change becomes its ledger row, then each product at or below its
 * reorder point with no reorder open gets one, with its StockLow, from its newest image. Both are
 * safe to repeat: rows are keyed by version, and the reorder is opened only while none is. Answers the
 * versions nothing accounted for (the caller logs them).
 */
export const makeSettleLedger =
  (deps: Deps) =>
  async (images: ProductImage | readonly ProductImage[]): Promise<UnsettledVersions[]> => {
    const all = Array.isArray(images) ? images : [images as ProductImage];
    if (all.length === 0) return [];
    const unsettled = await deps.ledger.settle(all);
    const newest = new Map<string, ProductImage>();
    for (const image of all) {
      const known = newest.get(image.productId);
      if (!known || known.version <= image.version) newest.set(image.productId, image);
    }
    const failed: string[] = [];
    await mapConcurrently([...newest.values()], PRODUCTS_IN_FLIGHT, async (product) => {
      if (!(await openReorderIfLow(deps, product))) failed.push(product.productId);
    });
    if (failed.length > 0) throw new SettleFailed(failed);
    return unsettled;
  };

/** False when a concurrent write held the product: nothing was written, the check must run again. */
async function openReorderIfLow(deps: Deps, product: ProductImage): Promise<boolean> {
  const now = deps.clock.now();
  const reorder = reorderFor(product, { now, newId: deps.newId });
  if (!reorder) return true;
  const correlationId =
    product.lastChange?.movementId ?? product.journal.at(-1)?.movementId ?? reorder.reorderId;
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
  return opened.kind !== 'retry';
}
