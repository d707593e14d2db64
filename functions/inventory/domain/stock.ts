/**
 * The rules of stock: a change never leaves a negative quantity, every change is one ledger movement
 * whose `quantityAfter` is exact (it is computed from the product version it was planned on), and a
 * change that leaves stock at or below the reorder point asks for one reorder while none is open.
 */
export interface Product {
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  reorderPoint: number;
  reorderQuantity: number;
  /** Grows by one with every change; writes are conditioned on it, so plans never interleave. */
  version: number;
  updatedAt: string;
  /** The one OPEN reorder of this product, if any; at most one exists at a time. */
  openReorderId: string | null;
}

export interface Movement {
  movementId: string;
  productId: string;
  /** The product version this movement produced; it orders the ledger exactly. */
  version: number;
  delta: number;
  quantityAfter: number;
  reason: string;
  reference: string | null;
  at: string;
}

export type ReorderStatus = 'OPEN' | 'RECEIVED';

export interface Reorder {
  reorderId: string;
  productId: string;
  quantity: number;
  status: ReorderStatus;
  createdAt: string;
  receivedAt: string | null;
}

export interface StockChange {
  delta: number;
  reason: string;
  reference: string | null;
  /** Set when the change is the receipt of this reorder, which closes it. */
  receivedReorderId?: string;
}

export interface ChangeContext {
  now: Date;
  newId: (prefix: string) => string;
  /** False when the transaction has no room left for a reorder; the caller then reorders separately. */
  allowReorder?: boolean;
}

export interface PlannedChange {
  before: Product;
  after: Product;
  /** Null only for a change that opens a reorder without touching stock. */
  movement: Movement | null;
  reorder: Reorder | null;
}

export type PlanResult = { ok: true; change: PlannedChange } | { ok: false; available: number };

export const needsReorder = (
  p: Pick<Product, 'quantity' | 'reorderPoint' | 'reorderQuantity' | 'openReorderId'>,
): boolean => p.openReorderId === null && p.reorderQuantity > 0 && p.quantity <= p.reorderPoint;

export function planStockChange(product: Product, change: StockChange, ctx: ChangeContext): PlanResult {
  const quantityAfter = product.quantity + change.delta;
  if (quantityAfter < 0) return { ok: false, available: product.quantity };
  const at = ctx.now.toISOString();
  const version = product.version + 1;
  const openReorderId =
    change.receivedReorderId !== undefined && product.openReorderId === change.receivedReorderId
      ? null
      : product.openReorderId;
  const after: Product = { ...product, quantity: quantityAfter, version, updatedAt: at, openReorderId };
  let reorder: Reorder | null = null;
  if (ctx.allowReorder !== false && needsReorder(after)) {
    reorder = {
      reorderId: ctx.newId('ro_'),
      productId: product.productId,
      quantity: product.reorderQuantity,
      status: 'OPEN',
      createdAt: at,
      receivedAt: null,
    };
    after.openReorderId = reorder.reorderId;
  }
  const movement: Movement = {
    movementId: ctx.newId('mov_'),
    productId: product.productId,
    version,
    delta: change.delta,
    quantityAfter,
    reason: change.reason,
    reference: change.reference,
    at,
  };
  return { ok: true, change: { before: product, after, movement, reorder } };
}

/**
 * Opens the reorder a stock change could not fit into its own transaction: no stock moves, but the
 * version still grows so the marker cannot race a concurrent change.
 */
export function planReorderOnly(product: Product, ctx: ChangeContext): PlannedChange | null {
  if (!needsReorder(product)) return null;
  const at = ctx.now.toISOString();
  const reorder: Reorder = {
    reorderId: ctx.newId('ro_'),
    productId: product.productId,
    quantity: product.reorderQuantity,
    status: 'OPEN',
    createdAt: at,
    receivedAt: null,
  };
  const after = { ...product, version: product.version + 1, updatedAt: at, openReorderId: reorder.reorderId };
  return { before: product, after, movement: null, reorder };
}

export type NewProduct = Pick<
  Product,
  'productId' | 'sku' | 'name' | 'quantity' | 'reorderPoint' | 'reorderQuantity'
>;

/** A product is born at version 0 with no stock; its initial quantity is its first movement. */
export function planNewProduct(input: NewProduct, ctx: ChangeContext): PlannedChange {
  const empty: Product = {
    productId: input.productId,
    sku: input.sku,
    name: input.name,
    quantity: 0,
    reorderPoint: input.reorderPoint,
    reorderQuantity: input.reorderQuantity,
    version: 0,
    updatedAt: ctx.now.toISOString(),
    openReorderId: null,
  };
  const result = planStockChange(empty, { delta: input.quantity, reason: 'initial', reference: null }, ctx);
  if (!result.ok) throw new Error('an initial quantity is never negative');
  return result.change;
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
  };
}
