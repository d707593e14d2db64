import { defineRoute } from '#lib/catalogue/routes.ts';
import { pageSchema } from '#lib/pagination.ts';
import {
  changeStockBody,
  createProductBody,
  createReservationBody,
  listMovementsQuery,
  listProductsQuery,
  listReordersQuery,
  movementView,
  productIdParams,
  productView,
  reorderIdParams,
  reorderView,
  reservationIdParams,
  reservationView,
} from './schemas.ts';

const handler = (name: string) => `functions/inventory/handlers/${name}.ts`;
const owner = 'inventory';

export const createProduct = defineRoute({
  method: 'POST',
  path: '/inventory/products',
  owner,
  handler: handler('create-product'),
  scope: 'inventory/write',
  access: 'readWrite',
  summary: 'Create a product with its initial stock',
  body: createProductBody,
  responses: { 201: productView },
  errors: [409],
});

export const listProducts = defineRoute({
  method: 'GET',
  path: '/inventory/products',
  owner,
  handler: handler('list-products'),
  scope: 'inventory/read',
  access: 'read',
  summary:
    'List products, sorted by productId; ?q= finds a SKU or the start of words of the name, ?lowStock=true those at or below their reorder point',
  query: listProductsQuery,
  responses: { 200: pageSchema(productView) },
});

export const getProduct = defineRoute({
  method: 'GET',
  path: '/inventory/products/{productId}',
  aliases: ['/inventario/produto/{productId}'],
  owner,
  handler: handler('get-product'),
  // Notifications names the product of a StockLow as Inventory names it.
  calledBy: ['notifications'],
  scope: 'inventory/read',
  access: 'read',
  summary: 'A product and its stock (also at the seed path /inventario/produto/{productId})',
  params: productIdParams,
  responses: { 200: productView },
  errors: [404],
});

export const changeStock = defineRoute({
  method: 'PUT',
  path: '/inventory/products/{productId}',
  aliases: ['/inventario/produto/{productId}'],
  owner,
  handler: handler('change-stock'),
  scope: 'inventory/write',
  access: 'readWrite',
  summary:
    'Change stock: a relative delta or a stock count with optional expectedVersion (also at the seed path)',
  params: productIdParams,
  body: changeStockBody,
  responses: { 200: productView },
  errors: [404, 409],
});

export const listMovements = defineRoute({
  method: 'GET',
  path: '/inventory/products/{productId}/movements',
  owner,
  handler: handler('list-movements'),
  scope: 'inventory/read',
  access: 'read',
  summary: 'The stock ledger of a product, newest first',
  params: productIdParams,
  query: listMovementsQuery,
  responses: { 200: pageSchema(movementView) },
  errors: [404],
});

export const createReservation = defineRoute({
  method: 'POST',
  path: '/inventory/reservations',
  owner,
  handler: handler('create-reservation'),
  calledBy: ['sales'],
  scope: 'inventory/write',
  access: 'readWrite',
  summary: 'Reserve all lines or none (1-50 distinct products); idempotent by reservationId',
  body: createReservationBody,
  responses: { 201: reservationView },
  errors: [404, 409],
});

export const getReservation = defineRoute({
  method: 'GET',
  path: '/inventory/reservations/{reservationId}',
  owner,
  handler: handler('get-reservation'),
  scope: 'inventory/read',
  access: 'read',
  summary: 'A reservation',
  params: reservationIdParams,
  responses: { 200: reservationView },
  errors: [404],
});

export const commitReservation = defineRoute({
  method: 'POST',
  path: '/inventory/reservations/{reservationId}/commit',
  owner,
  handler: handler('commit-reservation'),
  // Sales relies on OrderConfirmed for the commit (README): this route is for operators and tools.
  scope: 'inventory/write',
  access: 'readWrite',
  summary: 'Commit a reservation (the sale is recorded); idempotent',
  params: reservationIdParams,
  responses: { 200: reservationView },
  errors: [404, 409],
});

export const releaseReservation = defineRoute({
  method: 'DELETE',
  path: '/inventory/reservations/{reservationId}',
  owner,
  handler: handler('release-reservation'),
  calledBy: ['sales'],
  scope: 'inventory/write',
  access: 'readWrite',
  summary: 'Release a reservation: its stock returns exactly once',
  params: reservationIdParams,
  responses: { 200: reservationView },
  errors: [404, 409],
});

export const listReorders = defineRoute({
  method: 'GET',
  path: '/inventory/reorders',
  owner,
  handler: handler('list-reorders'),
  scope: 'inventory/read',
  access: 'read',
  summary: 'Reorder requests, newest first, optionally by status',
  query: listReordersQuery,
  responses: { 200: pageSchema(reorderView) },
});

export const receiveReorder = defineRoute({
  method: 'POST',
  path: '/inventory/reorders/{reorderId}/receive',
  owner,
  handler: handler('receive-reorder'),
  scope: 'inventory/write',
  access: 'readWrite',
  summary: 'The goods arrived: stock += quantity once; again answers the same',
  params: reorderIdParams,
  responses: { 200: reorderView },
  errors: [404],
});

/** Inventory's routes, in the order the OpenAPI document lists them. */
export const routes = [
  createProduct,
  listProducts,
  getProduct,
  changeStock,
  listMovements,
  createReservation,
  getReservation,
  commitReservation,
  releaseReservation,
  listReorders,
  receiveReorder,
];
