import { createHash } from 'node:crypto';

/** The Sales table's item keys in one place (single-table design, see the README). */
export const orderKey = (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: 'ORDER' });
export const customerIndex = (customerId: string) => `CUSTOMER#${customerId}`;
/** One partition per UTC day keeps report queries to the days asked for. */
export const dayIndex = (isoTime: string) => `ORDERS#${isoTime.slice(0, 10)}`;
/**
 * The gap-free number series: invoices (orders) and credit notes (returns). Invoices are numbered in
 * several series (séries), each its own counter; series 1 keeps the key the one invoice counter had, so
 * its numbers go on from where they were.
 */
export type NumberKind = 'INVOICE' | 'CREDIT_NOTE';
export const counterKey = (kind: NumberKind, series = 1) => ({
  pk: series === 1 ? `COUNTER#${kind}` : `COUNTER#${kind}#${series}`,
  sk: 'COUNTER',
});
/** A return lives in its order's item collection, so the order and its returns are one query. */
export const returnKey = (orderId: string, returnId: string) => ({
  pk: `ORDER#${orderId}`,
  sk: `RETURN#${returnId}`,
});
export const RETURN_SK_PREFIX = 'RETURN#';
/** Return ids are unique across orders: this item names the order that took one. */
export const returnIdGuard = (returnId: string) => ({ pk: `RETURNID#${returnId}`, sk: 'RETURNID' });
/** Returns by day of creation on gsi2, beside the orders' days: the report reads both. */
export const returnsDayIndex = (isoTime: string) => `RETURNS#${isoTime.slice(0, 10)}`;
export const priceKey = (productId: string) => ({ pk: `PRICE#${productId}`, sk: 'PRICE' });
/** Powertools idempotency records share one static partition (its sort-key mode). */
export const IDEMPOTENCY_PK = 'IDEMPOTENCY#place-order';
/** The order placed under an Idempotency-Key (hashed: keys are client text up to 255 characters). */
export const orderKeyGuard = (idempotencyKey: string) => ({
  pk: `ORDERKEY#${createHash('sha256').update(idempotencyKey).digest('base64url')}`,
  sk: 'ORDERKEY',
});
