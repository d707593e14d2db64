import type { Reservation } from '../domain/reservation.ts';
import { searchName, searchSku } from '../domain/search.ts';
import {
  INVENTORY_ACTOR,
  type JournalEntry,
  type JournaledProduct,
  type Movement,
  type Product,
  type Reorder,
} from '../domain/stock.ts';

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
const toJournalEntry = (i: Item): JournalEntry => ({
  movementId: i.movementId as string,
  delta: i.delta as number,
  reason: i.reason as string,
  reference: (i.reference as string | undefined) ?? null,
  actor: (i.actor as string | undefined) ?? null,
  at: i.at as string,
});

/** Products written before the journal existed have none: all their movements are rows. */
export const toJournaledProduct = (i: Item): JournaledProduct => ({
  ...toProduct(i),
  journal: ((i.journal as Item[] | undefined) ?? []).map(toJournalEntry),
});

export const toMovement = (i: Item): Movement => ({
  ...toJournalEntry(i),
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
