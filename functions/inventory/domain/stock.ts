/**
 * The rules of stock. A change never leaves a negative quantity. Every change appends one entry to the
 * product's journal in the same write that moves the stock; the journal's order is the order the
 * changes were applied in, so each entry's version and `quantityAfter` follow exactly from the product
 * it sits on (see `journalMovements`). The ledger is that journal, settled into rows of its own.
 */
export interface Product {
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  reorderPoint: number;
  reorderQuantity: number;
  /** Grows by one with every change: the version of the newest movement. */
  version: number;
  updatedAt: string;
  /** The one OPEN reorder of this product, if any; at most one exists at a time. */
  openReorderId: string | null;
}

/**
 * Who acts when no caller's token does: the expiry sweep, the ledger's reorders and StockLow, and an
 * event that names no actor (API.md, Authentication).
 */
export const INVENTORY_ACTOR = 'service:inventory';

/** A stock change as the write records it: what, why and who, not yet where in the ledger. */
export interface JournalEntry {
  movementId: string;
  delta: number;
  reason: string;
  reference: string | null;
  /** `user:…`, `client:…` or `service:…`; null only on movements recorded before actors existed. */
  actor: string | null;
  at: string;
}

/** A product as stored: its newest movements not yet settled into ledger rows, oldest first. */
export interface JournaledProduct extends Product {
  journal: JournalEntry[];
}

export interface Movement extends JournalEntry {
  productId: string;
  /** The product version this movement produced; it orders the ledger exactly. */
  version: number;
  quantityAfter: number;
}

export type ReorderStatus = 'OPEN' | 'RECEIVED';

export interface Reorder {
  reorderId: string;
  productId: string;
  quantity: number;
  status: ReorderStatus;
  createdAt: string;
  receivedAt: string | null;
  /** Always Inventory itself (the ledger opens reorders); kept so the view says so. */
  createdBy: string;
  /** Who received the goods; null while OPEN, and on receipts recorded before actors existed. */
  receivedBy: string | null;
}

export interface StockChange {
  delta: number;
  reason: string;
  reference: string | null;
  actor: string;
}

export interface ChangeContext {
  now: Date;
  newId: (prefix: string) => string;
}

export const journalEntry = (change: StockChange, ctx: ChangeContext): JournalEntry => ({
  movementId: ctx.newId('mov_'),
  delta: change.delta,
  reason: change.reason,
  reference: change.reference,
  actor: change.actor,
  at: ctx.now.toISOString(),
});

/**
 * The journal's entries as ledger movements, newest first. The last entry produced the product as it
 * stands; walking back, each earlier entry's quantity after is the next one's minus its delta.
 */
export function journalMovements(product: JournaledProduct): Movement[] {
  const movements: Movement[] = [];
  let quantityAfter = product.quantity;
  let version = product.version;
  for (const entry of [...product.journal].reverse()) {
    movements.push({ ...entry, productId: product.productId, version, quantityAfter });
    quantityAfter -= entry.delta;
    version -= 1;
  }
  return movements;
}

export const needsReorder = (
  p: Pick<Product, 'quantity' | 'reorderPoint' | 'reorderQuantity' | 'openReorderId'>,
): boolean => p.openReorderId === null && p.reorderQuantity > 0 && p.quantity <= p.reorderPoint;

/** The reorder a product at or below its reorder point asks for, when none is open. */
export function reorderFor(product: Product, ctx: ChangeContext): Reorder | null {
  if (!needsReorder(product)) return null;
  return {
    reorderId: ctx.newId('ro_'),
    productId: product.productId,
    quantity: product.reorderQuantity,
    status: 'OPEN',
    createdAt: ctx.now.toISOString(),
    receivedAt: null,
    createdBy: INVENTORY_ACTOR,
    receivedBy: null,
  };
}

export type NewProduct = Pick<
  Product,
  'productId' | 'sku' | 'name' | 'quantity' | 'reorderPoint' | 'reorderQuantity'
>;

/** A product is born at version 1: its initial quantity is its first movement, by its creator. */
export function newProduct(input: NewProduct, actor: string, ctx: ChangeContext): JournaledProduct {
  return {
    ...input,
    version: 1,
    updatedAt: ctx.now.toISOString(),
    openReorderId: null,
    journal: [journalEntry({ delta: input.quantity, reason: 'initial', reference: null, actor }, ctx)],
  };
}

/** The public shape of a product (API.md); the open-reorder marker stays internal. */
export const publicProduct = ({ openReorderId: _marker, ...product }: Product) => product;

/** The public shape of a movement: its product is in the path, its version orders the ledger. */
export const publicMovement = ({ productId: _product, version: _version, ...movement }: Movement) => movement;

export function publicReorder(r: Reorder) {
  return {
    reorderId: r.reorderId,
    productId: r.productId,
    quantity: r.quantity,
    status: r.status,
    createdAt: r.createdAt,
    receivedAt: r.receivedAt,
    createdBy: r.createdBy,
    receivedBy: r.receivedBy,
  };
}
