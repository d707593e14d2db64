/**
 * The single-table layout of the inventory table. A product and its ledger share a partition (the
 * ledger sorts by version); the listing and expiry views live in gsi1/gsi2 partitions of their own.
 */
export const productKey = (productId: string) => ({ pk: `PRODUCT#${productId}`, sk: 'PRODUCT' });
export const PRODUCTS_INDEX_PK = 'PRODUCT';

/**
 * Who last wrote a product row: a stock change (`stock`) or the ledger settle itself (`ledger`: the
 * open-reorder marker, and dropping a journal left from before). The settle's stream filter selects
 * `stock` only, so its own writes never wake it (functions/catalogue.ts).
 */
export const WRITTEN_BY = { stock: 'stock', ledger: 'ledger' } as const;

export const MOVEMENT_SK_PREFIX = 'MOVEMENT#';
/** Zero-padded so the string order of sort keys is the numeric order of versions. */
export const movementKey = (productId: string, version: number) => ({
  pk: `PRODUCT#${productId}`,
  sk: `${MOVEMENT_SK_PREFIX}${String(version).padStart(12, '0')}`,
});

/**
 * A movement written with its change, before the settle knows its version (domain/ledger.ts). It
 * sorts after every settled row ('P' after the digits), so one query from the top of the ledger's key
 * range reads the pending rows first, then the settled ones, newest first.
 */
export const PENDING_SK_PREFIX = `${MOVEMENT_SK_PREFIX}PENDING#`;
export const pendingMovementKey = (productId: string, movementId: string) => ({
  pk: `PRODUCT#${productId}`,
  sk: `${PENDING_SK_PREFIX}${movementId}`,
});
/** The whole ledger's key range, pending rows included ('~' sorts after every id character). */
export const LEDGER_SK_RANGE = { first: MOVEMENT_SK_PREFIX, last: `${MOVEMENT_SK_PREFIX}~` } as const;

/** The product item's movement slots (domain/ledger.ts `recent`): short names, as they are on every write. */
export const recentSlot = (i: number) => `r${i}`;

export const reorderKey = (reorderId: string) => ({ pk: `REORDER#${reorderId}`, sk: 'REORDER' });
export const REORDERS_INDEX_PK = 'REORDER';
export const reordersByStatusPk = (status: string) => `REORDER#${status}`;

export const reservationKey = (reservationId: string) => ({
  pk: `RESERVATION#${reservationId}`,
  sk: 'RESERVATION',
});
/** Sparse: only ACTIVE reservations carry it, so the expiry sweep reads exactly the candidates. */
export const ACTIVE_RESERVATIONS_PK = 'RESERVATION#ACTIVE';
export const activeReservationSk = (expiresAt: string, reservationId: string) =>
  `${expiresAt}#${reservationId}`;

/**
 * A release of an id no reservation had yet: a late create of that id (a caller gave up on it and
 * released) must take no stock. Kept apart from the reservation's own key, which a create requires free.
 */
export const releasedKey = (reservationId: string) => ({
  pk: `RELEASED#${reservationId}`,
  sk: 'RELEASED',
});
/** Longer than any create can stay in flight; DynamoDB's TTL removes it afterwards. */
export const RELEASED_TOMBSTONE_SECONDS = 24 * 60 * 60;

/**
 * A return whose units came back in stock, written in the same transaction as the stock and only if
 * new: a redelivered OrderReturned finds it and restocks nothing. Kept for good (a redrive from the
 * DLQ may come days later); one small item per return. Ids never contain '#', so the key is exact.
 */
export const restockKey = (orderId: string, returnId: string) => ({
  pk: `RESTOCK#${orderId}#${returnId}`,
  sk: 'RESTOCK',
});
