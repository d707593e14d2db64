import type { Envelope } from '#lib/events/envelope.ts';
import { invalidCursor, type Page } from '#lib/pagination.ts';
import { RECENT_SLOTS, tokenOf } from '../domain/ledger.ts';
import type { Reservation } from '../domain/reservation.ts';
import type { Movement, MovementEntry, Product, ProductImage, Reorder } from '../domain/stock.ts';
import type { ProductChange, Restock } from '../ports.ts';

/**
 * The state the in-memory store fakes share, as the DynamoDB stores share one table, with the one
 * condition and effect of every stock update. Used by fakes.ts only. The ledger is kept as the
 * DynamoDB store lists it: every movement exactly, in the order the changes were applied, settled or
 * not (store tests check how the rows get there).
 */

export const copy = <T>(value: T): T => structuredClone(value);

/** A product as stored: with the change that made its version. */
export interface StoredProduct extends Product {
  lastChange: MovementEntry | null;
}

export const withoutChange = ({ lastChange: _change, ...product }: StoredProduct): Product => product;

/** DynamoDB's limit of items in one TransactWriteItems. */
export const TRANSACTION_LIMIT = 100;

export class FakeTable {
  products = new Map<string, StoredProduct>();
  /** Every movement of each product, oldest first: productId → movements. */
  ledger = new Map<string, Movement[]>();
  /** Up to which version the settle has seen each product. */
  settledUpTo = new Map<string, number>();
  reservations = new Map<string, Reservation>();
  /** Ids released while no reservation had them. */
  released = new Set<string>();
  reorders = new Map<string, Reorder>();
  /** Restock markers: `orderId#returnId` → the restock. */
  restocks = new Map<string, Restock>();
  outbox: Envelope[] = [];
  /** The next `conflicts` writes meet a concurrent transaction: they change nothing and answer `retry`. */
  conflicts = 0;

  conflicted(): boolean {
    if (this.conflicts === 0) return false;
    this.conflicts--;
    return true;
  }

  /** The condition of every stock update: the product exists, stays at or above zero, and is at `ifVersion`. */
  allows({ productId, entry }: ProductChange, ifVersion?: number): boolean {
    const product = this.products.get(productId);
    if (!product) return false;
    if (ifVersion !== undefined && product.version !== ifVersion) return false;
    return entry.delta >= 0 || product.quantity >= -entry.delta;
  }

  /** The stock update itself: the quantity moves, the version grows, the change is the product's last. */
  apply({ productId, entry }: ProductChange): StoredProduct {
    const product = this.products.get(productId)!;
    product.quantity += entry.delta;
    product.version += 1;
    product.lastChange = copy(entry);
    product.updatedAt = entry.at;
    this.record(product, entry);
    return product;
  }

  /** The movement of the product's current version. */
  record(product: Product, entry: MovementEntry): void {
    const movements = this.ledger.get(product.productId) ?? [];
    movements.push({
      ...copy(entry),
      productId: product.productId,
      version: product.version,
      quantityAfter: product.quantity,
    });
    this.ledger.set(product.productId, movements);
  }

  /** A product's movements, oldest first. */
  movements(productId: string): Movement[] {
    return copy(this.ledger.get(productId) ?? []);
  }

  /** The movements the settle has not seen yet, oldest first. */
  unsettled(productId: string): Movement[] {
    return this.movements(productId).filter((m) => m.version > (this.settledUpTo.get(productId) ?? 0));
  }

  /** A product as the table's stream would hand it to the ledger's settle. */
  image(productId: string): ProductImage {
    const product = this.products.get(productId);
    if (!product) throw new Error(`no product ${productId}`);
    const recent = this.movements(productId)
      .reverse()
      .slice(0, RECENT_SLOTS)
      .map((m) => tokenOf(m.movementId));
    return { ...copy(product), recent, journal: [] };
  }
}

/** A fake cursor names its listing and the key of the last item returned, as DynamoDB's does. */
export const cursorOf = (listing: string, key: string) =>
  Buffer.from(JSON.stringify([listing, key])).toString('base64url');

export function keyIn(listing: string, cursor: string): string {
  try {
    const [from, key] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (from === listing && typeof key === 'string') return key;
  } catch {
    // a 400 below
  }
  throw invalidCursor();
}

/** The page of `sorted` after the cursor's item. */
export function pageOf<T>(
  listing: string,
  sorted: T[],
  keyOf: (t: T) => string,
  limit: number,
  cursor?: string,
) {
  const after = cursor === undefined ? undefined : keyIn(listing, cursor);
  const start = after === undefined ? 0 : sorted.findIndex((t) => keyOf(t) === after) + 1;
  if (after !== undefined && start === 0) throw invalidCursor();
  const items = sorted.slice(start, start + limit);
  const last = items.at(-1);
  const more = start + limit < sorted.length && last !== undefined;
  return { items, nextCursor: more ? cursorOf(listing, keyOf(last)) : null } satisfies Page<T>;
}

export const ascending = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
