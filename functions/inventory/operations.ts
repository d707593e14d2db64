import type { Operations } from '#lib/http/openapi.ts';
import { pageSchema } from '#lib/pagination.ts';
import {
  changeStockBody,
  createProductBody,
  createReservationBody,
  listQuery,
  listReordersQuery,
  movementResponse,
  productIdParams,
  productResponse,
  reorderIdParams,
  reorderResponse,
  reservationIdParams,
  reservationResponse,
} from './schemas.ts';

const getProduct = {
  summary: 'A product and its stock',
  params: productIdParams,
  responses: { 200: productResponse },
  errors: [404],
};
const changeStock = {
  summary: 'Change stock: a relative delta or a stock count (with optional expectedVersion)',
  params: productIdParams,
  body: changeStockBody,
  responses: { 200: productResponse },
  errors: [404, 409],
};

/** This service's routes as the OpenAPI document describes them, keyed by route key. */
export const operations: Operations = {
  'POST /inventory/products': {
    summary: 'Create a product with its initial stock',
    body: createProductBody,
    responses: { 201: productResponse },
    errors: [409],
  },
  'GET /inventory/products': {
    summary: 'List products, sorted by productId',
    query: listQuery,
    responses: { 200: pageSchema(productResponse) },
  },
  'GET /inventory/products/{productId}': getProduct,
  'GET /inventario/produto/{productId}': {
    ...getProduct,
    summary: 'Seed alias of GET /inventory/products/{productId}',
  },
  'PUT /inventory/products/{productId}': changeStock,
  'PUT /inventario/produto/{productId}': {
    ...changeStock,
    summary: 'Seed alias of PUT /inventory/products/{productId}',
  },
  'GET /inventory/products/{productId}/movements': {
    summary: 'The stock ledger of a product, newest first',
    params: productIdParams,
    query: listQuery,
    responses: { 200: pageSchema(movementResponse) },
    errors: [404],
  },
  'POST /inventory/reservations': {
    summary: 'Reserve all lines or none (1-50 distinct products); idempotent by reservationId',
    body: createReservationBody,
    responses: { 201: reservationResponse },
    errors: [404, 409],
  },
  'GET /inventory/reservations/{reservationId}': {
    summary: 'A reservation',
    params: reservationIdParams,
    responses: { 200: reservationResponse },
    errors: [404],
  },
  'POST /inventory/reservations/{reservationId}/commit': {
    summary: 'Commit a reservation (the sale is recorded); idempotent',
    params: reservationIdParams,
    responses: { 200: reservationResponse },
    errors: [404, 409],
  },
  'DELETE /inventory/reservations/{reservationId}': {
    summary: 'Release a reservation: its stock returns exactly once',
    params: reservationIdParams,
    responses: { 200: reservationResponse },
    errors: [404, 409],
  },
  'GET /inventory/reorders': {
    summary: 'Reorder requests, newest first, optionally by status',
    query: listReordersQuery,
    responses: { 200: pageSchema(reorderResponse) },
  },
  'POST /inventory/reorders/{reorderId}/receive': {
    summary: 'The goods arrived: stock += quantity once; again answers the same',
    params: reorderIdParams,
    responses: { 200: reorderResponse },
    errors: [404],
  },
};
