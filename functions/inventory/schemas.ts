import * as z from 'zod';
import { idSchema } from '#lib/ids.ts';
import { paginationQuerySchema } from '#lib/pagination.ts';
import { duplicateLineIndexes, MAX_RESERVATION_LINES } from './domain/reservation.ts';

const MAX_QUANTITY = 1_000_000;
/** API.md: quantities on order lines and adjustments are integers 1..1_000_000. */
const lineQuantity = z.number().int('must be an integer').min(1).max(MAX_QUANTITY);
/** A stock level (initial stock, a count) may be zero. */
const stockLevel = z.number().int('must be an integer').min(0).max(MAX_QUANTITY);

export const productIdParams = z.object({ productId: idSchema });
export const reservationIdParams = z.object({ reservationId: idSchema });
export const reorderIdParams = z.object({ reorderId: idSchema });

export const createProductBody = z.object({
  productId: idSchema.optional(),
  sku: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(200),
  quantity: stockLevel,
  /** Reordering is off until configured: a reorder needs reorderQuantity ≥ 1. */
  reorderPoint: stockLevel.default(0),
  reorderQuantity: stockLevel.default(0),
});

/**
 * Exactly one of the two forms: `{ delta, reason?, reference? }` (relative, non-zero) or
 * `{ quantity, expectedVersion? }` (a stock count). Mixing them is a 400, not a guess.
 */
export const changeStockBody = z
  .object({
    delta: z
      .number()
      .int('must be an integer')
      .min(-MAX_QUANTITY)
      .max(MAX_QUANTITY)
      .refine((d) => d !== 0, 'must not be 0')
      .optional(),
    reason: z.string().trim().min(1).max(100).optional(),
    reference: z.string().trim().min(1).max(200).optional(),
    quantity: stockLevel.optional(),
    expectedVersion: z.number().int('must be an integer').min(0).optional(),
  })
  .superRefine((b, ctx) => {
    const isDelta = b.delta !== undefined;
    const isCount = b.quantity !== undefined;
    if (isDelta === isCount) {
      ctx.addIssue({ code: 'custom', path: [], message: 'give exactly one of delta or quantity' });
    }
    if (isDelta && b.expectedVersion !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['expectedVersion'], message: 'only with quantity' });
    }
    if (isCount) {
      for (const field of ['reason', 'reference'] as const) {
        if (b[field] !== undefined)
          ctx.addIssue({ code: 'custom', path: [field], message: 'only with delta' });
      }
    }
  });

const reservationLine = z.object({ productId: idSchema, quantity: lineQuantity });

export const createReservationBody = z
  .object({
    reservationId: idSchema,
    lines: z.array(reservationLine).min(1).max(MAX_RESERVATION_LINES),
  })
  .superRefine((b, ctx) => {
    // A product listed twice is refused rather than merged: the caller (Sales) merges its own lines.
    for (const index of duplicateLineIndexes(b.lines)) {
      ctx.addIssue({ code: 'custom', path: ['lines', index, 'productId'], message: 'product listed twice' });
    }
  });

/**
 * `q`: a SKU, or the start of words of the name, case- and accent-insensitive (domain/search.ts).
 * `lowStock=true`: only products at or below their reorder point (`false`: all, as without it).
 */
export const listProductsQuery = paginationQuerySchema.extend({
  q: z.string().trim().min(1).max(100).optional(),
  lowStock: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export const listMovementsQuery = paginationQuerySchema;
export const listReordersQuery = paginationQuerySchema.extend({
  status: z.enum(['OPEN', 'RECEIVED']).optional(),
});

export const productView = z.object({
  productId: z.string(),
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  reorderPoint: z.number().int(),
  reorderQuantity: z.number().int(),
  version: z.number().int(),
  updatedAt: z.string(),
});

export const movementView = z.object({
  movementId: z.string(),
  delta: z.number().int(),
  quantityAfter: z.number().int(),
  reason: z.string(),
  reference: z.string().nullable(),
  /** Who made the change; null on movements recorded before actors existed. */
  actor: z.string().nullable(),
  at: z.string(),
});

export const reorderView = z.object({
  reorderId: z.string(),
  productId: z.string(),
  quantity: z.number().int(),
  status: z.enum(['OPEN', 'RECEIVED']),
  createdAt: z.string(),
  receivedAt: z.string().nullable(),
  createdBy: z.string(),
  receivedBy: z.string().nullable(),
});

export const reservationView = z.object({
  reservationId: z.string(),
  status: z.enum(['ACTIVE', 'COMMITTED', 'RELEASED', 'EXPIRED']),
  /** `name`: the product's name when reserved; on the answer to a new reservation. */
  lines: z.array(
    z.object({ productId: z.string(), quantity: z.number().int(), name: z.string().optional() }),
  ),
  expiresAt: z.string(),
  createdAt: z.string(),
});
