/**
 * The pricing table's item layout (one table, single-table design):
 * - price of a product            pk PRICE#<productId>     sk PRICE
 * - link product → promotion      pk PRICE#<productId>     sk PROMO#<promotionId>   (one query reads both)
 * - list-price history            pk PRICEHIST#<productId> sk V#<zero-padded version> (newest first = descending)
 * - promotion                     pk PROMO#<promotionId>   sk PROMO
 *     gsi1: gsi1pk PROMO#DUE, gsi1sk <next transition time>, only while a transition is pending (sparse)
 *     gsi2: gsi2pk PROMOTIONS, gsi2sk <promotionId> (ids sort by creation time) for the listing
 * The OUTBOX# prefix and gsi1pk OUTBOX belong to the outbox.
 */
export const priceKey = (productId: string) => ({ pk: `PRICE#${productId}`, sk: 'PRICE' });
export const linkKey = (productId: string, promotionId: string) => ({
  pk: `PRICE#${productId}`,
  sk: `PROMO#${promotionId}`,
});
export const historyPk = (productId: string) => `PRICEHIST#${productId}`;
export const historySk = (version: number) => `V#${String(version).padStart(12, '0')}`;
export const promotionKey = (promotionId: string) => ({ pk: `PROMO#${promotionId}`, sk: 'PROMO' });

export const DUE_INDEX = 'gsi1';
export const DUE_PK = 'PROMO#DUE';
export const LIST_INDEX = 'gsi2';
export const LIST_PK = 'PROMOTIONS';
