/**
 * The rules of stock. A change never leaves a negative quantity. Every change is one relative write of
 * the product that also records the change itself on the item (`lastChange`, constant size), and a
 * movement row the ledger lists at once; the ledger's settle gives each movement its version and
 * quantity after from the table's stream (see domain/ledger.ts).
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
export interface MovementEntry {
  movementId: string;
  delta: number;
  reason: string;
  reference: string | null;
  /** `user:…`, `client:…` or `service:…`; null only on movements recorded before actors existed. */
  actor: string | null;
  at: string;
}

/**
 * A product as its item stands (a read, or a stream record's new image): the change that made this
 * version, the tokens of the newest movements in the order they were applied (domain/ledger.ts), and
 * the journal an item written before constant-cost changes may still carry (oldest first).
 */
export interface ProductImage extends Product {
  lastChange: MovementEntry | null;
  /** `recent[i]` names the movement that made version `version - i`; empty on items never written since. */
  recent: string[];
  journal: MovementEntry[];
}

/** The image's former name, kept for the test support that reads items past the stores. */
export type JournaledProduct = ProductImage;

export interface Movement extends MovementEntry {
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

export const movementEntry = (change: StockChange, ctx: ChangeContext): MovementEntry => ({
  movementId: ctx.newId('mov_'),
  delta: change.delta,
  reason: change.reason,
  reference: change.reference,
  actor: change.actor,
  at: ctx.now.toISOString(),
});

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
export function newProduct(
  input: NewProduct,
  actor: string,
  ctx: ChangeContext,
): { product: Product; initial: MovementEntry } {
  return {
    product: { ...input, version: 1, updatedAt: ctx.now.toISOString(), openReorderId: null },
    initial: movementEntry({ delta: input.quantity, reason: 'initial', reference: null, actor }, ctx),
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
