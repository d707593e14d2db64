import * as z from 'zod';
import { idSchema } from '../lib/ids.ts';

/** The payloads of API.md's events, one schema per type; producers and consumers both use them. */
const moneyShape = z.object({ amount: z.number().int().min(0), currency: z.string().length(3) });
const orderLine = z.object({ productId: idSchema, quantity: z.number().int().min(1) });

export const eventDataSchemas = {
  PriceChanged: z.object({
    productId: idSchema,
    amount: z.number().int().min(1),
    currency: z.string().length(3),
    listAmount: z.number().int().min(1),
    promotionId: z.string().nullable(),
    version: z.number().int().min(1),
    effectiveAt: z.iso.datetime(),
  }),
  OrderConfirmed: z.object({
    orderId: idSchema,
    customerId: idSchema,
    lines: z.array(orderLine.extend({ unitAmount: z.number().int().min(0).optional() }).loose()).min(1),
    total: moneyShape,
    invoiceNumber: z.number().int().min(1),
  }),
  OrderCancelled: z.object({
    orderId: idSchema,
    lines: z.array(orderLine.loose()).min(1),
  }),
  StockLow: z.object({
    productId: idSchema,
    quantity: z.number().int().min(0),
    reorderPoint: z.number().int().min(0),
    reorderId: idSchema,
  }),
} as const;

export type EventTypeName = keyof typeof eventDataSchemas;
export type EventData<T extends EventTypeName> = z.infer<(typeof eventDataSchemas)[T]>;
