import { RECENT_SLOTS } from '../domain/ledger.ts';
import type { Reservation } from '../domain/reservation.ts';
import { searchName, searchSku } from '../domain/search.ts';
import {
  INVENTORY_ACTOR,
  type Movement,
  type MovementEntry,
  type Product,
  type ProductImage,
  type Reorder,
} from '../domain/stock.ts';
import { recentSlot } from './keys.ts';

/** Item ↔ domain conversions: the keys and index attributes never leave the store. */
type Item = Record<string, unknown>;

export const toProduct = (i: Item): Product => ({
  productId: i.productId as string,
  sku: i.sku as string,
  name: i.name as string,
  quantity: i.quantity as number,
  reorderPoint: i.reorderPoint as number,
  reorderQuantity: i.reorderQuantity as number,
  version: i.version as number,
  updatedAt: i.updatedAt as string,
  openReorderId: (i.openReorderId as string | undefined) ?? null,
});

/**
 * The attributes a product's listing filters on (domain/search.ts), written with the product. Names
 * and SKUs never change once created, so they are never rewritten. Products created before they
 * existed have neither: the listing matches those in memory (see product-filter.ts).
 */
export const searchAttributes = (p: { name: string; sku: string }) => ({
  searchName: searchName(p.name),
  searchSku: searchSku(p.sku),
});

/** Movements recorded before actors existed have none: null, not a guess at who it was. */
export const toMovementEntry = (i: Item): MovementEntry => ({
  movementId: i.movementId as string,
  delta: i.delta as number,
  reason: i.reason as string,
  reference: (i.reference as string | undefined) ?? null,
  actor: (i.actor as string | undefined) ?? null,
  at: i.at as string,
});

/**
 * Items last written before constant-cost changes have no `lastChange` and no slots, and may carry a
 * journal (older ones have neither: all their movements are rows).
 */
export const toProductImage = (i: Item): ProductImage => ({
  ...toProduct(i),
  lastChange: i.lastChange ? toMovementEntry(i.lastChange as Item) : null,
  recent:
    i[recentSlot(0)] === undefined
      ? []
      : Array.from({ length: RECENT_SLOTS }, (_, n) => String(i[recentSlot(n)])),
  journal: ((i.journal as Item[] | undefined) ?? []).map(toMovementEntry),
});

/** The image's former name, for the test support that reads items past the stores. */
export const toJournaledProduct = toProductImage;

export const toMovement = (i: Item): Movement => ({
  ...toMovementEntry(i),
  productId: i.productId as string,
  version: i.version as number,
  quantityAfter: i.quantityAfter as number,
});

export const toReorder = (i: Item): Reorder => ({
  reorderId: i.reorderId as string,
  productId: i.productId as string,
  quantity: i.quantity as number,
  status: i.status as Reorder['status'],
  createdAt: i.createdAt as string,
  receivedAt: (i.receivedAt as string | undefined) ?? null,
  // Only the ledger ever opened reorders, before actors existed too.
  createdBy: (i.createdBy as string | undefined) ?? INVENTORY_ACTOR,
  receivedBy: (i.receivedBy as string | undefined) ?? null,
});

export const toReservation = (i: Item): Reservation => ({
  reservationId: i.reservationId as string,
  status: i.status as Reservation['status'],
  lines: i.lines as Reservation['lines'],
  expiresAt: i.expiresAt as string,
  createdAt: i.createdAt as string,
  updatedAt: i.updatedAt as string,
});

/** DynamoDB stores no nulls here: an absent attribute reads back as null. */
export const withoutNulls = (o: object): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
