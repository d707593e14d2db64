import type { Operations } from '#lib/http/openapi.ts';
import {
  createPromotionBody,
  historyPage,
  pageQuery,
  priceView,
  productParams,
  promotionPage,
  promotionParams,
  promotionView,
  setPriceBody,
} from './schemas.ts';

const getPrice = {
  summary: 'The effective price of a product now (list price, best active promotion, version)',
  params: productParams,
  responses: { 200: priceView },
  errors: [404],
};

/** This service's routes as the OpenAPI document describes them, keyed by route key. */
export const operations: Operations = {
  'PUT /prices/products/{productId}': {
    summary: 'Set the list price; publishes PriceChanged when it changes',
    params: productParams,
    body: setPriceBody,
    responses: { 200: priceView },
    errors: [409],
  },
  'GET /prices/products/{productId}': getPrice,
  'GET /precos/produto/{productId}': {
    ...getPrice,
    summary: 'Seed route of GET /prices/products/{productId}',
  },
  'GET /prices/products/{productId}/history': {
    summary: 'List-price changes of a product, newest first',
    params: productParams,
    query: pageQuery,
    responses: { 200: historyPage },
    errors: [404],
  },
  'POST /prices/promotions': {
    summary: 'Create a promotion (percentOff or amountOff) on priced products; 404 names unpriced products',
    body: createPromotionBody,
    responses: { 201: promotionView },
    errors: [404],
  },
  'GET /prices/promotions': {
    summary: 'List promotions, newest first',
    query: pageQuery,
    responses: { 200: promotionPage },
  },
  'DELETE /prices/promotions/{promotionId}': {
    summary: 'End a promotion now; ending an ended promotion answers the same',
    params: promotionParams,
    responses: { 200: promotionView },
    errors: [404],
  },
};
