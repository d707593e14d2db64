import { RETRY, withRetries } from '#lib/dynamodb/backoff.ts';
import { AppError, notFound } from '#lib/errors.ts';
import { movementEntry, type Product } from '../domain/stock.ts';
import type { ChangeStockResult, Clock, NewId, ProductStore } from '../ports.ts';

interface Deps {
  products: ProductStore;
  clock: Clock;
  newId: NewId;
}

/** `actor`: who makes the change (the caller's token), recorded on its movement. */
export type ChangeStockInput =
  | {
      kind: 'delta';
      productId: string;
      delta: number;
      reason: string;
      reference: string | null;
      actor: string;
    }
  | {
      kind: 'count';
      productId: string;
      quantity: number;
      expectedVersion: number | undefined;
      actor: string;
    };

/**
 * A relative change (`delta`) is one atomic update that cannot go below zero, whatever else changes
 * the product meanwhile. A stock count (`quantity`) is a delta from the version read, applied only at
 * that version: a count with `expectedVersion` answers 409 past a change, one without counts again.
 */
export const makeChangeStock =
  (deps: Deps) =>
  (input: ChangeStockInput): Promise<Product> =>
    withRetries(async () => {
      const ctx = { now: deps.clock.now(), newId: deps.newId };
      if (input.kind === 'delta') {
        const entry = movementEntry(input, ctx);
        return answer(await deps.products.changeStock({ productId: input.productId, entry }), input);
      }
      const product = await deps.products.getProduct(input.productId);
      if (!product) throw notFound('Product', input.productId);
      if (input.expectedVersion !== undefined && input.expectedVersion !== product.version) {
        throw versionConflict(input.productId, input.expectedVersion);
      }
      const entry = movementEntry(
        { delta: input.quantity - product.quantity, reason: 'count', reference: null, actor: input.actor },
        ctx,
      );
      const result = await deps.products.changeStock({ productId: input.productId, entry }, product.version);
      if (result.kind === 'version_moved' && input.expectedVersion !== undefined) {
        throw versionConflict(input.productId, input.expectedVersion);
      }
      return result.kind === 'ok' ? result.product : RETRY;
    });

function answer(result: ChangeStockResult, input: { productId: string; delta: number }) {
  switch (result.kind) {
    case 'ok':
      return result.product;
    case 'not_found':
      throw notFound('Product', input.productId);
    case 'short':
      throw new AppError(
        'insufficient_stock',
        `Product '${input.productId}' has ${result.available} in stock.`,
        {
          errors: [
            {
              path: 'body.delta',
              message: `requested ${-input.delta}, available ${result.available}`,
              productId: input.productId,
              requested: -input.delta,
              available: result.available,
            },
          ],
        },
      );
    default:
      return RETRY;
  }
}

const versionConflict = (productId: string, expected: number) =>
  new AppError(
    'version_conflict',
    `Product '${productId}' is no longer at version ${expected}; read it again and recount.`,
  );
