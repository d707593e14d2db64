import type { Envelope } from '#lib/events/envelope.ts';
import { envelope } from '#lib/events/envelope.ts';
import { RETRY, withRetries } from '#lib/retry.ts';
import {
  type ChangeContext,
  type PlannedChange,
  type Product,
  planReorderOnly,
  planStockChange,
  type StockChange,
} from '../domain/stock.ts';
import { MAX_TRANSACTION_ITEMS, type WritePlan } from '../store/inventory-store.ts';
import type { Deps } from './ports.ts';

/** StockLow for every reorder a plan opens; it goes into the same transaction through the outbox. */
export function stockLowEvents(changes: PlannedChange[], correlationId: string, now: Date): Envelope[] {
  return changes.flatMap((c) =>
    c.reorder
      ? [
          envelope(
            'StockLow',
            'inventory',
            {
              productId: c.after.productId,
              quantity: c.after.quantity,
              reorderPoint: c.after.reorderPoint,
              reorderId: c.reorder.reorderId,
            },
            correlationId,
            now,
          ),
        ]
      : [],
  );
}

export interface LinePlan {
  product: Product;
  change: StockChange;
}

export type MultiPlan =
  | { ok: true; changes: PlannedChange[]; deferredReorders: string[] }
  | { ok: false; short: { index: number; product: Product; requested: number; available: number }[] };

/**
 * Plans a change per product for one transaction. Each reorder costs two more items (the reorder and
 * its StockLow); those that do not fit beside `fixedItems` are deferred to `openDeferredReorders`.
 */
export function planLines(lines: LinePlan[], fixedItems: number, ctx: ChangeContext): MultiPlan {
  const short: { index: number; product: Product; requested: number; available: number }[] = [];
  const changes: PlannedChange[] = [];
  const deferredReorders: string[] = [];
  let room = MAX_TRANSACTION_ITEMS - fixedItems - 2 * lines.length;
  lines.forEach(({ product, change }, index) => {
    let result = planStockChange(product, change, ctx);
    if (!result.ok) {
      short.push({ index, product, requested: -change.delta, available: result.available });
      return;
    }
    if (result.change.reorder) {
      if (room >= 2) room -= 2;
      else {
        result = planStockChange(product, change, { ...ctx, allowReorder: false });
        if (result.ok) deferredReorders.push(product.productId);
      }
    }
    if (result.ok) changes.push(result.change);
  });
  return short.length > 0 ? { ok: false, short } : { ok: true, changes, deferredReorders };
}

/**
 * The reorders a large transaction had no room for, each in its own transaction right after. Should
 * the process stop in between, the next change of the product opens it (the rule is re-checked there).
 */
export async function openDeferredReorders(
  deps: Deps,
  productIds: string[],
  correlationId: string,
): Promise<void> {
  for (const productId of productIds) {
    await withRetries(async () => {
      const product = await deps.store.getProduct(productId);
      if (!product) return undefined;
      const now = deps.clock.now();
      const change = planReorderOnly(product, { now, newId: deps.newId });
      if (!change) return undefined;
      const plan: WritePlan = { changes: [change], events: stockLowEvents([change], correlationId, now) };
      return (await deps.store.write(plan)) === 'ok' ? undefined : RETRY;
    });
  }
}
