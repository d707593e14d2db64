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
  /** Where the receipt is e-mailed; personal data (see domain/order.ts, Contact). */
  contact: z
    .object({
      email: z.email('must be an e-mail address').max(254),
      name: z.string().trim().min(1).max(120).optional(),
    })
    .optional(),
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

/** The longest range `GET /sales/orders?from=&to=` lists (API.md): a month of orders, page by page. */
export const MAX_LIST_DAYS = 31;

const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

/**
 * Either `customerId` (that customer's orders) or `from` and `to` (every order created in [from, to),
 * at most 31 days, optionally of one `status`); one kind, complete, or a 400 naming the field.
 */
export const listOrdersQuery = paginationQuerySchema
  .extend({
    customerId: idSchema.optional(),
    from: instant.optional(),
    to: instant.optional(),
    status: z.enum(ORDER_STATUSES).optional(),
  })
  .superRefine((query, ctx) => {
    const issue = (field: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [field], message });
    const { customerId, from, to, status } = query;
    if (customerId !== undefined) {
      if (from !== undefined || to !== undefined)
        issue('customerId', 'give customerId, or from and to, not both');
      else if (status !== undefined) issue('status', 'only with from and to');
      return;
    }
    if (from === undefined && to === undefined) return issue('customerId', 'give customerId, or from and to');
    if (from === undefined) return issue('from', 'required with to');
    if (to === undefined) return issue('to', 'required with from');
    // zod runs this even when a field failed: compare only instants that parsed.
    if (!(from instanceof Date && to instanceof Date)) return;
    if (from >= to) return issue('to', 'must be after from');
    if (to.getTime() - from.getTime() > MAX_LIST_DAYS * 86_400_000)
      issue('to', `the range must not exceed ${MAX_LIST_DAYS} days`);
  });

export const salesReportQuery = z.object({
  from: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
  to: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
});

const money = moneySchema(deploymentCurrency);
/** Net amounts: a period whose returns outweigh its sales is below zero. */
const signedMoney = z.object({ amount: z.number().int(), currency: z.literal(deploymentCurrency) });

const orderLine = z.object({
  productId: z.string(),
  /** As Inventory named the product when the order was placed. */
  name: z.string(),
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
  /** The invoice series (série); numbers are gap-free and increasing within each. */
  invoiceSeries: z.number().int().min(1),
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
  /** Where the receipt was e-mailed: only on `GET /sales/orders/{orderId}` (sales/read). */
  contact: z.object({ email: z.string(), name: z.string().optional() }).optional(),
});

export const invoiceView = z.object({
  invoiceSeries: z.number().int().min(1),
  invoiceNumber: z.number().int(),
  orderId: z.string(),
  issuedAt: z.string(),
  seller: z.object({ name: z.string(), taxId: z.string().optional() }),
  customer: z.object({ customerId: z.string(), name: z.string().optional() }),
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
  /** Each product sold or returned in the period; `name` as on its newest order line (the id when none named it). */
  byProduct: z.array(
    z.object({ productId: z.string(), name: z.string(), units: z.number().int(), revenue: signedMoney }),
  ),
  /**
   * Each UTC day (`YYYY-MM-DD`) of the period with an order counted or a return made, oldest first;
   * a day's revenue is net of its returns like the total (which the days sum to).
   */
  byDay: z.array(z.object({ day: z.string(), orders: z.number().int(), revenue: signedMoney })),
});
