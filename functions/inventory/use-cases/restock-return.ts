import { RETRY, withRetries } from '#lib/dynamodb/backoff.ts';
import type { ReservationLine } from '../domain/reservation.ts';
import { movementEntry } from '../domain/stock.ts';
import type { Clock, NewId, ProductStore, RestockStore } from '../ports.ts';

interface Deps {
  products: ProductStore;
  restocks: RestockStore;
  clock: Clock;
  newId: NewId;
}

/** The goods of one return, as OrderReturned tells them. */
export interface ReturnedGoods {
  orderId: string;
  returnId: string;
  lines: readonly ReservationLine[];
  /** false: not resaleable (to the bin), so no stock changes. */
  restock: boolean;
  actor: string;
}

export type RestockOutcome =
  /** `unknown`: products Inventory does not know; their lines were skipped. */
  | { kind: 'restocked'; unknown: string[] }
  /** Restocked by an earlier delivery of the same return: nothing changed now. */
  | { kind: 'already-restocked' }
  | { kind: 'not-resaleable' }
  | { kind: 'nothing-known'; unknown: string[] };

/** One line per product, quantities added up: a transaction may not write one product twice. */
function merged(lines: readonly ReservationLine[]): ReservationLine[] {
  const byProduct = new Map<string, number>();
  for (const l of lines) byProduct.set(l.productId, (byProduct.get(l.productId) ?? 0) + l.quantity);
  return [...byProduct].map(([productId, quantity]) => ({ productId, quantity }));
}

/**
 * A return with `restock` puts its units back exactly once: ONE transaction writes the return's
 * marker (only if new) and adds every line, with a `return` movement referencing the return by the
 * actor of the event. A redelivery, or a duplicate of the same return, meets the marker and changes
 * nothing. Lines of products Inventory does not know are skipped (the caller warns), never retried.
 */
export const makeRestockReturn =
  (deps: Deps) =>
  async (goods: ReturnedGoods): Promise<RestockOutcome> => {
    if (!goods.restock) return { kind: 'not-resaleable' };
    const lines = merged(goods.lines);
    return withRetries(async () => {
      const found = await Promise.all(lines.map((l) => deps.products.getProduct(l.productId)));
      const known = lines.filter((_, i) => found[i] !== undefined);
      const unknown = lines.filter((_, i) => found[i] === undefined).map((l) => l.productId);
      if (known.length === 0) return { kind: 'nothing-known', unknown };
      const now = deps.clock.now();
      const changes = known.map((line) => ({
        productId: line.productId,
        entry: movementEntry(
          { delta: line.quantity, reason: 'return', reference: goods.returnId, actor: goods.actor },
          { now, newId: deps.newId },
        ),
      }));
      const result = await deps.restocks.restock(
        {
          orderId: goods.orderId,
          returnId: goods.returnId,
          lines: known,
          actor: goods.actor,
          at: now.toISOString(),
        },
        changes,
      );
      if (result.kind === 'ok') return { kind: 'restocked', unknown };
      if (result.kind === 'done') return { kind: 'already-restocked' };
      // A conflicting write, or (never, products are not deleted) a product gone: read again.
      return RETRY;
    });
  };
