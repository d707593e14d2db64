import { AppError, notFound } from '#lib/errors.ts';
import { RETRY, withRetries } from '#lib/retry.ts';
import { type Product, planStockChange, type StockChange } from '../domain/stock.ts';
import type { Deps } from './ports.ts';
import { stockLowEvents } from './stock-plans.ts';

export type ChangeStockInput =
  | { kind: 'delta'; productId: string; delta: number; reason: string; reference: string | null }
  | { kind: 'count'; productId: string; quantity: number; expectedVersion: number | undefined };

/**
 * A relative change (`delta`) or a stock count (`quantity`): read the product, plan the movement from
 * that exact version, write product + movement (+ reorder and StockLow) in one transaction; if another
 * writer got there first, plan again. A count with `expectedVersion` never retries past a change.
 */
export const makeChangeStock =
  (deps: Deps) =>
  (input: ChangeStockInput, correlationId: string): Promise<Product> =>
    withRetries(async () => {
      const product = await deps.store.getProduct(input.productId);
      if (!product) throw notFound('Product', input.productId);
      if (
        input.kind === 'count' &&
        input.expectedVersion !== undefined &&
        input.expectedVersion !== product.version
      ) {
        throw versionConflict(input.productId, input.expectedVersion);
      }
      const change: StockChange =
        input.kind === 'delta'
          ? { delta: input.delta, reason: input.reason, reference: input.reference }
          : { delta: input.quantity - product.quantity, reason: 'count', reference: null };
      const now = deps.clock.now();
      const planned = planStockChange(product, change, { now, newId: deps.newId });
      if (!planned.ok) {
        throw new AppError(
          'insufficient_stock',
          `Product '${input.productId}' has ${planned.available} in stock.`,
          {
            errors: [
              {
                path: 'body.delta',
                message: `requested ${-change.delta}, available ${planned.available}`,
                productId: input.productId,
                requested: -change.delta,
                available: planned.available,
              },
            ],
          },
        );
      }
      const written = await deps.store.write({
        changes: [planned.change],
        events: stockLowEvents([planned.change], correlationId, now),
      });
      if (written === 'ok') return planned.change.after;
      // The version moved: with expectedVersion the caller's count is stale, so it must not be retried.
      if (input.kind === 'count' && input.expectedVersion !== undefined) {
        throw versionConflict(input.productId, input.expectedVersion);
      }
      return RETRY;
    });

const versionConflict = (productId: string, expected: number) =>
  new AppError(
    'version_conflict',
    `Product '${productId}' is no longer at version ${expected}; read it again and recount.`,
  );
