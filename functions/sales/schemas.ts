import * as z from 'zod';
import { idSchema } from '#lib/ids.ts';
import { amountSchema, deploymentCurrency, moneySchema } from '#lib/money.ts';
import { paginationQuerySchema } from '#lib/pagination.ts';
import { MAX_ORDER_LINES, MAX_QUANTITY } from './domain/order.ts';

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

export const listOrdersQuery = paginationQuerySchema.extend({ customerId: idSchema });

export const salesReportQuery = z.object({
  from: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
  to: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
});

const money = moneySchema(deploymentCurrency);

const orderLine = z.object({
  productId: z.string(),
  quantity: z.number().int(),
  unitAmount: z.number().int(),
  lineTotal: z.number().int(),
  priceChanged: z.boolean(),
});

export const orderView = z.object({
  orderId: z.string(),
  status: z.enum(['CONFIRMED', 'CANCELLED']),
  customerId: z.string(),
  lines: z.array(orderLine),
  total: money,
  invoiceNumber: z.number().int(),
  createdAt: z.string(),
  cancelledAt: z.string().optional(),
  refund: z
    .object({
      status: z.enum(['PENDING', 'REFUNDED']),
      refundId: z.string().optional(),
      amount: money,
      at: z.string(),
    })
    .optional(),
});

export const invoiceView = z.object({
  invoiceNumber: z.number().int(),
  orderId: z.string(),
  issuedAt: z.string(),
  seller: z.object({ name: z.string(), taxId: z.string().optional() }),
  customer: z.object({ customerId: z.string() }),
  lines: z.array(orderLine.omit({ priceChanged: true })),
  total: money,
  status: z.enum(['CONFIRMED', 'CANCELLED']),
});

export const salesReportView = z.object({
  from: z.string(),
  to: z.string(),
  orders: z.number().int(),
  units: z.number().int(),
  revenue: money,
  byProduct: z.array(z.object({ productId: z.string(), units: z.number().int(), revenue: money })),
});
