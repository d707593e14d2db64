import * as z from 'zod';
import { idSchema } from '#lib/ids.ts';
import { amountSchema, deploymentCurrency, moneySchema } from '#lib/money.ts';
import { paginationQuerySchema } from '#lib/pagination.ts';
import { MAX_ORDER_LINES, MAX_QUANTITY, ORDER_STATUSES } from './domain/order.ts';

const quantitySchema = z.number().int('must be an integer').min(1).max(MAX_QUANTITY);

export const placeOrderBody = z.object({
  customerId: idSchema,
  lines: z
    .array(
      z.object({
        productId: idSchema,
        quantity: quantitySchema,
        expectedUnitAmount: amountSchema.optional(),
      }),
    )
    .min(1, 'an order has at least one line')
    .max(MAX_ORDER_LINES, `an order has at most ${MAX_ORDER_LINES} lines`),
  payment: z.object({ method: z.literal('card'), token: z.string().min(1).max(255) }),
});

/** API.md: the Idempotency-Key header is 1–255 visible ASCII characters. */
export const idempotencyKey = z
  .string()
  .regex(/^[\x21-\x7E]{1,255}$/, 'must be 1-255 visible ASCII characters');

export const placeOrderHeaders = z.object({ 'idempotency-key': idempotencyKey.optional() });

export const orderIdParams = z.object({ orderId: idSchema });

export const returnParams = z.object({ orderId: idSchema, returnId: idSchema });

/** A return names each product once: a product listed twice is a 400, not merged (what would its reason be?). */
export const returnOrderBody = z.object({
  returnId: idSchema,
  lines: z
    .array(z.object({ productId: idSchema, quantity: quantitySchema }))
    .min(1, 'a return has at least one line')
    .max(MAX_ORDER_LINES, `a return has at most ${MAX_ORDER_LINES} lines`)
    .superRefine((lines, ctx) => {
      lines.forEach((line, i) => {
        if (lines.findIndex((l) => l.productId === line.productId) < i) {
          ctx.addIssue({ code: 'custom', path: [i, 'productId'], message: 'is listed more than once' });
        }
      });
    }),
  restock: z.boolean(),
  reason: z.string().trim().min(1).max(500).optional(),
});

export const listOrdersQuery = paginationQuerySchema.extend({ customerId: idSchema });

export const salesReportQuery = z.object({
  from: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
  to: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
});

const money = moneySchema(deploymentCurrency);
/** Net amounts: a period whose returns outweigh its sales is below zero. */
const signedMoney = z.object({ amount: z.number().int(), currency: z.literal(deploymentCurrency) });

const orderLine = z.object({
  productId: z.string(),
  quantity: z.number().int(),
  unitAmount: z.number().int(),
  lineTotal: z.number().int(),
  priceChanged: z.boolean(),
  /** Units of the line returned so far; on every line once anything of the order was returned. */
  returnedQuantity: z.number().int().optional(),
});

const orderStatus = z.enum(ORDER_STATUSES);

export const returnView = z.object({
  returnId: z.string(),
  orderId: z.string(),
  lines: z.array(z.object({ productId: z.string(), quantity: z.number().int(), refund: money })),
  restock: z.boolean(),
  reason: z.string().nullable(),
  refund: money,
  creditNoteNumber: z.number().int(),
  actor: z.string(),
  createdAt: z.string(),
  /** PENDING until the payment provider took the refund (a retry of the same return completes it). */
  refundStatus: z.enum(['PENDING', 'REFUNDED']),
  refundId: z.string().optional(),
});

export const orderView = z.object({
  orderId: z.string(),
  status: orderStatus,
  customerId: z.string(),
  lines: z.array(orderLine),
  total: money,
  invoiceNumber: z.number().int(),
  createdAt: z.string(),
  placedBy: z.string().optional(),
  cancelledAt: z.string().optional(),
  cancelledBy: z.string().optional(),
  refund: z
    .object({
      status: z.enum(['PENDING', 'REFUNDED']),
      refundId: z.string().optional(),
      amount: money,
      at: z.string(),
    })
    .optional(),
  /** The order's returns, oldest first: on the order itself (GET, place, cancel), not in lists. */
  returns: z.array(returnView).optional(),
});

export const invoiceView = z.object({
  invoiceNumber: z.number().int(),
  orderId: z.string(),
  issuedAt: z.string(),
  seller: z.object({ name: z.string(), taxId: z.string().optional() }),
  customer: z.object({ customerId: z.string() }),
  lines: z.array(orderLine.omit({ priceChanged: true, returnedQuantity: true })),
  total: money,
  status: orderStatus,
});

export const salesReportView = z.object({
  from: z.string(),
  to: z.string(),
  orders: z.number().int(),
  units: z.number().int(),
  revenue: signedMoney,
  /** Refunds of the returns created in the period. */
  returns: money,
  byProduct: z.array(z.object({ productId: z.string(), units: z.number().int(), revenue: signedMoney })),
});
