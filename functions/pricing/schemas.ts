import * as z from 'zod';
import { idSchema } from '#lib/ids.ts';
import { deploymentCurrency, MAX_AMOUNT, moneySchema } from '#lib/money.ts';
import { pageSchema, paginationQuerySchema } from '#lib/pagination.ts';

export const currency = deploymentCurrency;

/** A price is a positive whole number of minor units: a product is never free (PriceChanged needs ≥ 1). */
const priceAmount = z
  .number()
  .int('must be an integer number of minor units')
  .min(1, 'must be at least 1 minor unit')
  .max(MAX_AMOUNT);

export const productParams = z.object({ productId: idSchema });
export const promotionParams = z.object({ promotionId: idSchema });
export const pageQuery = paginationQuerySchema;

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

export const historyEntry = z.object({
  amount: z.number().int(),
  currency: z.string(),
  previousAmount: z.number().int().nullable(),
  changedAt: z.string(),
  version: z.number().int(),
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
});

export const historyPage = pageSchema(historyEntry);
export const promotionPage = pageSchema(promotionView);
