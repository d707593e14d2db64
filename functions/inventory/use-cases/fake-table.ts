import type { Envelope } from '#lib/events/envelope.ts';
import { invalidCursor, type Page } from '#lib/pagination.ts';
import type { Reservation } from '../domain/reservation.ts';
import type { JournaledProduct, Movement, Product, Reorder } from '../domain/stock.ts';
import type { ProductChange, Restock } from '../ports.ts';

/**
 * The state the in-memory store fakes share, as the DynamoDB stores share one table, with the one
 * condition and effect of every stock update. Used by fakes.ts only.
 */

export const copy = <T>(value: T): T => structuredClone(value);
export const withoutJournal = ({ journal: _journal, ...product }: JournaledProduct): Product => product;

/** DynamoDB's limit of items in one TransactWriteItems. */
export const TRANSACTION_LIMIT = 100;

export class FakeTable {
  products = new Map<string, JournaledProduct>();
  /** The settled ledger: productId → version → movement. */
  rows = new Map<string, Map<number, Movement>>();
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

  /** The stock update itself: the quantity moves, the version grows, the entry joins the journal. */
  apply({ productId, entry }: ProductChange): JournaledProduct {
    const product = this.products.get(productId)!;
    product.quantity += entry.delta;
    product.version += 1;
    product.journal.push(copy(entry));
    product.updatedAt = entry.at;
    return product;
  }

  /** A product as the table's stream would hand it to the ledger's settle. */
  image(productId: string): JournaledProduct {
    const product = this.products.get(productId);
    if (!product) throw new Error(`no product ${productId}`);
    return copy(product);
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
