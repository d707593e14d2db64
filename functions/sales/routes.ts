import { defineRoute } from '#lib/catalogue/routes.ts';
import { pageSchema } from '#lib/pagination.ts';
import {
  invoiceView,
  listOrdersQuery,
  orderIdParams,
  orderView,
  placeOrderBody,
  placeOrderHeaders,
  returnOrderBody,
  returnParams,
  returnView,
  salesReportQuery,
  salesReportView,
} from './schemas.ts';

const handler = (name: string) => `functions/sales/handlers/${name}.ts`;
const owner = 'sales';

export const placeOrder = defineRoute({
  method: 'POST',
  path: '/sales/orders',
  owner,
  handler: handler('place-order'),
  scope: 'sales/write',
  access: 'readWrite',
  timeoutSeconds: 20,
  summary: 'Place an order: price, reserve stock, charge, record with an invoice number.',
  headers: placeOrderHeaders,
  body: placeOrderBody,
  responses: { 201: orderView },
  errors: [402, 409, 503],
});

export const listOrders = defineRoute({
  method: 'GET',
  path: '/sales/orders',
  owner,
  handler: handler('list-orders'),
  scope: 'sales/read',
  access: 'read',
  summary:
    "A customer's orders (customerId), or every order created in [from, to) (at most 31 days; status optional), newest first.",
  query: listOrdersQuery,
  responses: { 200: pageSchema(orderView) },
});

export const getOrder = defineRoute({
  method: 'GET',
  path: '/sales/orders/{orderId}',
  owner,
  handler: handler('get-order'),
  calledBy: ['inventory', 'notifications'],
  scope: 'sales/read',
  access: 'read',
  summary: 'An order.',
  params: orderIdParams,
  responses: { 200: orderView },
  errors: [404],
});

export const cancelOrder = defineRoute({
  method: 'POST',
  path: '/sales/orders/{orderId}/cancel',
  owner,
  handler: handler('cancel-order'),
  scope: 'sales/refund',
  access: 'readWrite',
  summary:
    'Cancel what was not returned of an order: refund, stock returned through OrderCancelled; repeatable.',
  params: orderIdParams,
  responses: { 200: orderView },
  errors: [404, 409],
});

export const returnOrder = defineRoute({
  method: 'POST',
  path: '/sales/orders/{orderId}/returns',
  owner,
  handler: handler('return-order'),
  scope: 'sales/refund',
  access: 'readWrite',
  timeoutSeconds: 20,
  summary:
    'Return units of an order: refund at the prices charged, a credit-note number, OrderReturned; repeatable by returnId.',
  params: orderIdParams,
  body: returnOrderBody,
  responses: { 201: returnView },
  errors: [404, 409, 503],
});

export const getReturn = defineRoute({
  method: 'GET',
  path: '/sales/orders/{orderId}/returns/{returnId}',
  owner,
  handler: handler('get-return'),
  scope: 'sales/read',
  access: 'read',
  summary: 'A return as JSON, or its printable credit note (HTML) with Accept: text/html.',
  params: returnParams,
  responses: { 200: returnView },
  errors: [404],
});

export const getInvoice = defineRoute({
  method: 'GET',
  path: '/sales/orders/{orderId}/invoice',
  owner,
  handler: handler('get-invoice'),
  scope: 'sales/read',
  access: 'read',
  summary: 'The invoice as JSON, or a printable HTML receipt with Accept: text/html.',
  params: orderIdParams,
  responses: { 200: invoiceView },
  errors: [404],
});

export const salesReport = defineRoute({
  method: 'GET',
  path: '/sales/reports/sales',
  owner,
  handler: handler('sales-report'),
  scope: 'sales/report',
  access: 'read',
  summary:
    'Sales of the orders created in [from, to), net of cancellations and of the returns made then, by product and by UTC day (at most 366 days).',
  query: salesReportQuery,
  responses: { 200: salesReportView },
});

/** Sales' routes, in the order the OpenAPI document lists them. */
export const routes = [
  placeOrder,
  listOrders,
  getOrder,
  returnOrder,
  getReturn,
  cancelOrder,
  getInvoice,
  salesReport,
];
