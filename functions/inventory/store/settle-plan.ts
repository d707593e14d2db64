import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LRUCache } from 'lru-cache';
import { reconstruct } from '../domain/ledger.ts';
import type { Movement, ProductImage } from '../domain/stock.ts';
import { readLedger } from './ledger-read.ts';

/** Products this instance remembers having settled; past that, the least recent is forgotten (and read again). */
const REMEMBERED_PRODUCTS = 10_000;

/**
 * Up to which version this function instance has itself settled each product. Records of one product
 * come in stream order, so the next one is that version plus one, and the ledger below it is known to
 * be whole: the settle writes its rows without reading. Anything else (a cold instance, a version
 * skipped) is read once, which also settles what a missed record left pending.
 */
export class SettledVersions {
  private readonly versions = new LRUCache<string, number>({ max: REMEMBERED_PRODUCTS });

  get(productId: string): number | undefined {
    return this.versions.get(productId);
  }

  set(productId: string, version: number): void {
    this.versions.set(productId, Math.max(this.versions.get(productId) ?? 0, version));
  }
}

export interface SettlePlan {
  productId: string;
  /** Rows to put. */
  rows: Movement[];
  /** Movements whose pending rows go once the rows are in. */
  settledPending: string[];
  /** The length of a journal left from before that is now all rows: drop it. */
  journalSettled?: number;
  /** Versions nothing accounts for (domain/ledger.ts): left as they are, and reported. */
  missing: number[];
  /** Every version up to `upTo` is a row once these are written: the next settle need not read. */
  exact: boolean;
  upTo: number;
}

const rowOf = (image: ProductImage & { lastChange: NonNullable<ProductImage['lastChange']> }): Movement => ({
  ...image.lastChange,
  productId: image.productId,
  version: image.version,
  quantityAfter: image.quantity,
});

/**
 * The rows of one product's images (version order): each image is the product as one change left
 * it, so its `lastChange` is the movement of its version, with its quantity after. Unless this
 * instance settled the version just below, the ledger below the first image is read and what it
 * lacks is settled too, from the pending rows the image's slots name (domain/ledger.ts): records a
 * stopped runtime never delivered, or a journal left by the code before.
 */
export async function planSettle(
  db: DynamoDBDocumentClient,
  tableName: string,
  images: readonly ProductImage[],
  settled: SettledVersions,
): Promise<SettlePlan> {
  const last = images.at(-1)!;
  const productId = last.productId;
  const head = images.find((image) => image.lastChange !== null) ?? last;
  const own = images.filter(
    (image): image is typeof image & { lastChange: NonNullable<ProductImage['lastChange']> } =>
      image.lastChange !== null && image.version >= head.version,
  );
  const rows = own.map(rowOf);
  const settledPending = own.map((image) => image.lastChange.movementId);
  // An image without its change after one with it was written by the code before (mid-deploy), or a
  // version skipped: the next settle reads, and settles what is missing then.
  const whole =
    own.length === images.filter((image) => image.version >= head.version).length &&
    own.every((image, i) => i === 0 || image.version === own[i - 1]!.version + 1);
  const known = settled.get(productId);
  const below = head.version === 1 || (known !== undefined && known >= head.version - 1);
  if (head === images[0] && head.lastChange !== null && below) {
    return { productId, rows, settledPending, missing: [], exact: whole, upTo: last.version };
  }

  const batch = new Set(own.map((image) => image.lastChange.movementId));
  const read = await readLedger(db, tableName, productId, {
    firstLimit: 16,
    floor: (pending) => head.version - 1 - pending - head.journal.length,
  });
  // The batch's own pending rows are changes after the first image, not candidates below it.
  const ledger = reconstruct(head, {
    ...read,
    pending: read.pending.filter(
      (e) => !batch.has(e.movementId) || e.movementId === head.lastChange?.movementId,
    ),
  });
  const rowVersions = new Set([...read.settled.map((m) => m.version), ...own.map((image) => image.version)]);
  const gap = ledger.movements.filter((m) => !rowVersions.has(m.version));
  const settledIds = new Set(read.settled.map((m) => m.movementId));
  // Pending rows of movements already settled: a settle that stopped between its puts and deletes.
  const leftovers = read.pending.filter((e) => settledIds.has(e.movementId)).map((e) => e.movementId);
  if (!ledger.exact) {
    const missing = ledger.missing.length > 0 ? ledger.missing : gap.map((m) => m.version);
    return {
      productId,
      rows,
      settledPending: [...settledPending, ...leftovers],
      missing,
      exact: false,
      upTo: last.version,
    };
  }
  const pendingIds = new Set(read.pending.map((e) => e.movementId));
  return {
    productId,
    rows: [...gap, ...rows],
    settledPending: [
      ...settledPending,
      ...gap.filter((m) => pendingIds.has(m.movementId)).map((m) => m.movementId),
      ...leftovers,
    ],
    ...(head.journal.length > 0 ? { journalSettled: head.journal.length } : {}),
    missing: [],
    exact: whole,
    upTo: last.version,
  };
}
