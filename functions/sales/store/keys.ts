import { createHash } from 'node:crypto';

/** The Sales table's item keys in one place (single-table design, see the README). */
export const orderKey = (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: 'ORDER' });
export const customerIndex = (customerId: string) => `CUSTOMER#${customerId}`;
/** One partition per UTC day keeps report queries to the days asked for. */
export const dayIndex = (isoTime: string) => `ORDERS#${isoTime.slice(0, 10)}`;
export const invoiceCounterKey = { pk: 'COUNTER#INVOICE', sk: 'COUNTER' } as const;
/** Tickets of the queue for the counter: a separate item, so taking one never collides with a transaction. */
export const invoiceTicketKey = { pk: 'COUNTER#INVOICE', sk: 'TICKETS' } as const;
export const priceKey = (productId: string) => ({ pk: `PRICE#${productId}`, sk: 'PRICE' });
/** Powertools idempotency records share one static partition (its sort-key mode). */
export const IDEMPOTENCY_PK = 'IDEMPOTENCY#place-order';
/** The order placed under an Idempotency-Key (hashed: keys are client text up to 255 characters). */
export const orderKeyGuard = (idempotencyKey: string) => ({
  pk: `ORDERKEY#${createHash('sha256').update(idempotencyKey).digest('base64url')}`,
  sk: 'ORDERKEY',
});
