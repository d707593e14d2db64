import * as z from 'zod';
import type { Operations } from '#lib/http/openapi.ts';
import {
  idempotencyKeySchema,
  invoiceResponse,
  listOrdersQuery,
  orderIdParams,
  orderPage,
  orderResponse,
  placeOrderBody,
  reportQuery,
  reportResponse,
} from './schemas.ts';

/** This service's routes as the OpenAPI document describes them, keyed by route key. */
export const operations: Operations = {
  'POST /sales/orders': {
    summary: 'Place an order: price, reserve stock, charge, record with an invoice number.',
    headers: z.object({ 'idempotency-key': idempotencyKeySchema.optional() }),
    body: placeOrderBody,
    responses: { 201: orderResponse },
    errors: [402, 409, 503],
  },
  'GET /sales/orders': {
    summary: "A customer's orders, newest first.",
    query: listOrdersQuery,
    responses: { 200: orderPage },
  },
  'GET /sales/orders/{orderId}': {
    summary: 'An order.',
    params: orderIdParams,
    responses: { 200: orderResponse },
    errors: [404],
  },
  'POST /sales/orders/{orderId}/cancel': {
    summary: 'Cancel a confirmed order: refund, stock returned through OrderCancelled; repeatable.',
    params: orderIdParams,
    responses: { 200: orderResponse },
    errors: [404],
  },
  'GET /sales/orders/{orderId}/invoice': {
    summary: 'The invoice as JSON, or a printable HTML receipt with Accept: text/html.',
    params: orderIdParams,
    responses: { 200: invoiceResponse },
    errors: [404],
  },
  'GET /sales/reports/sales': {
    summary: 'Totals over confirmed, not cancelled orders created in [from, to) (at most 366 days).',
    query: reportQuery,
    responses: { 200: reportResponse },
  },
};
