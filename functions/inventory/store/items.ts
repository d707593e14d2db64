import type { Reservation } from '../domain/reservation.ts';
import type { Movement, Product, Reorder } from '../domain/stock.ts';

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

export const toMovement = (i: Item): Movement => ({
  movementId: i.movementId as string,
  productId: i.productId as string,
  version: i.version as number,
  delta: i.delta as number,
  quantityAfter: i.quantityAfter as number,
  reason: i.reason as string,
  reference: (i.reference as string | undefined) ?? null,
  at: i.at as string,
});

export const toReorder = (i: Item): Reorder => ({
  reorderId: i.reorderId as string,
  productId: i.productId as string,
  quantity: i.quantity as number,
  status: i.status as Reorder['status'],
  createdAt: i.createdAt as string,
  receivedAt: (i.receivedAt as string | undefined) ?? null,
});

export const toReservation = (i: Item): Reservation => ({
  reservationId: i.reservationId as string,
  status: i.status as Reservation['status'],
  lines: i.lines as Reservation['lines'],
  expiresAt: i.expiresAt as string,
  createdAt: i.createdAt as string,
  updatedAt: i.updatedAt as string,
});
