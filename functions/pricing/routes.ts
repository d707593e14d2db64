import { defineRoute } from '#lib/catalogue/routes.ts';
import { pageSchema } from '#lib/pagination.ts';
import {
  createPromotionBody,
  getPricesQuery,
  listPriceHistoryQuery,
  listPromotionsQuery,
  priceHistoryEntryView,
  priceView,
  productIdParams,
  promotionIdParams,
  promotionView,
  setPriceBody,
} from './schemas.ts';

const handler = (name: string) => `functions/pricing/handlers/${name}.ts`;
const owner = 'pricing';

export const setPrice = defineRoute({
  method: 'PUT',
  path: '/prices/products/{productId}',
  owner,
  handler: handler('set-price'),
  scope: 'pricing/write',
  access: 'readWrite',
  summary: 'Set the list price; publishes PriceChanged when it changes',
  params: productIdParams,
  body: setPriceBody,
  responses: { 200: priceView },
  errors: [409],
});

export const getPrice = defineRoute({
  method: 'GET',
  path: '/prices/products/{productId}',
  aliases: ['/precos/produto/{productId}'],
  owner,
  handler: handler('get-price'),
  scope: 'pricing/read',
  access: 'read',
  summary:
    'The effective price of a product now (list price, best active promotion, version); also at the seed path /precos/produto/{productId}',
  params: productIdParams,
  responses: { 200: priceView },
  errors: [404],
});

export const getPrices = defineRoute({
  method: 'GET',
  path: '/prices/products',
  owner,
  handler: handler('get-prices'),
  calledBy: ['sales'],
  scope: 'pricing/read',
  access: 'read',
  summary:
    'The effective prices of up to 50 products at once (?productIds=a,b,c); products without a price are left out',
  query: getPricesQuery,
  responses: { 200: pageSchema(priceView) },
});

export const listPriceHistory = defineRoute({
  method: 'GET',
  path: '/prices/products/{productId}/history',
  owner,
  handler: handler('list-price-history'),
  scope: 'pricing/read',
  access: 'read',
  summary: 'List-price changes of a product, newest first',
  params: productIdParams,
  query: listPriceHistoryQuery,
  responses: { 200: pageSchema(priceHistoryEntryView) },
  errors: [404],
});

export const createPromotion = defineRoute({
  method: 'POST',
  path: '/prices/promotions',
  owner,
  handler: handler('create-promotion'),
  scope: 'pricing/write',
  access: 'readWrite',
  summary: 'Create a promotion (percentOff or amountOff) on priced products; 404 names unpriced products',
  body: createPromotionBody,
  responses: { 201: promotionView },
  errors: [404],
});

export const listPromotions = defineRoute({
  method: 'GET',
  path: '/prices/promotions',
  owner,
  handler: handler('list-promotions'),
  scope: 'pricing/read',
  access: 'read',
  summary: 'List promotions, newest first',
  query: listPromotionsQuery,
  responses: { 200: pageSchema(promotionView) },
});

export const endPromotion = defineRoute({
  method: 'DELETE',
  path: '/prices/promotions/{promotionId}',
  owner,
  handler: handler('end-promotion'),
  scope: 'pricing/write',
  access: 'readWrite',
  summary: 'End a promotion now; ending an ended promotion answers the same',
  params: promotionIdParams,
  responses: { 200: promotionView },
  errors: [404],
});

/** Pricing's routes, in the order the OpenAPI document lists them. */
export const routes = [
  setPrice,
  getPrice,
  getPrices,
  listPriceHistory,
  createPromotion,
  listPromotions,
  endPromotion,
];
