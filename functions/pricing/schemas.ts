import * as z from 'zod';
import { idSchema } from '#lib/ids.ts';
import { deploymentCurrency, MAX_AMOUNT, moneySchema } from '#lib/money.ts';
import { paginationQuerySchema } from '#lib/pagination.ts';

export const currency = deploymentCurrency;

/** A price is a positive whole number of minor units: a product is never free (PriceChanged needs ≥ 1). */
const priceAmount = z
  .number()
  .int('must be an integer number of minor units')
  .min(1, 'must be at least 1 minor unit')
  .max(MAX_AMOUNT);

export const productIdParams = z.object({ productId: idSchema });
export const promotionIdParams = z.object({ promotionId: idSchema });
/** Up to an order's 50 lines at once, as `?productIds=a,b,c`: distinct ids, each valid. */
export const MAX_PRICES_PER_READ = 50;
export const getPricesQuery = z.object({
  productIds: z
    .string()
    .transform((ids) => ids.split(','))
    .pipe(
      z
        .array(idSchema)
        .min(1)
        .max(MAX_PRICES_PER_READ, `at most ${MAX_PRICES_PER_READ} products at once`)
        .refine((ids) => new Set(ids).size === ids.length, 'a product is listed twice'),
    ),
});

export const listPriceHistoryQuery = paginationQuerySchema;
export const listPromotionsQuery = paginationQuerySchema;

export const setPriceBody = moneySchema(currency).extend({ amount: priceAmount });

export const createPromotionBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    productIds: z
      .array(idSchema)
      .min(1)
      .max(100)
      .refine((ids) => new Set(ids).size === ids.length, 'must not list a product twice'),
    percentOff: z.number().int('must be a whole percentage').min(1).max(99).optional(),
    amountOff: priceAmount.optional(),
    startsAt: z.iso.datetime({ error: 'must be an ISO 8601 UTC timestamp' }),
    endsAt: z.iso.datetime({ error: 'must be an ISO 8601 UTC timestamp' }),
  })
  .superRefine((body, ctx) => {
    if ((body.percentOff === undefined) === (body.amountOff === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['percentOff'],
        message: 'give exactly one of percentOff and amountOff',
      });
    }
    if (Date.parse(body.endsAt) <= Date.parse(body.startsAt)) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
    }
  });

const promotionStatus = z.enum(['SCHEDULED', 'ACTIVE', 'ENDED']);

export const priceView = z.object({
  productId: idSchema,
  amount: z.number().int(),
  currency: z.string(),
  listAmount: z.number().int(),
  promotion: z.object({ promotionId: z.string(), name: z.string(), endsAt: z.string() }).nullable(),
  version: z.number().int(),
  updatedAt: z.string(),
});

export const priceHistoryEntryView = z.object({
  amount: z.number().int(),
  currency: z.string(),
  previousAmount: z.number().int().nullable(),
  changedAt: z.string(),
  version: z.number().int(),
  /** Who set it; null on entries written before actors were recorded. */
  actor: z.string().nullable(),
});

export const promotionView = z.object({
  promotionId: z.string(),
  name: z.string(),
  productIds: z.array(idSchema),
  percentOff: z.number().int().optional(),
  amountOff: z.number().int().optional(),
  startsAt: z.string(),
  endsAt: z.string(),
  endedAt: z.string().nullable(),
  status: promotionStatus,
  createdAt: z.string(),
  /** The creator's actor; null on promotions created before actors were recorded. */
  createdBy: z.string().nullable(),
  /** The actor whose DELETE ended it early; null unless ended by DELETE. */
  endedBy: z.string().nullable(),
});
