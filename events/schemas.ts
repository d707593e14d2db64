import * as z from 'zod';
import { idSchema } from '../lib/ids.ts';

/** The payloads of API.md's events, one schema per type; producers and consumers both use them. */
const moneyShape = z.object({ amount: z.number().int().min(0), currency: z.string().length(3) });
const orderLine = z.object({ productId: idSchema, quantity: z.number().int().min(1) });
/**
 * Who made the change the event announces (`user:…`, `client:…`, `service:…`). Optional in the
 * schema so events written before actors existed still parse; every producer sets it.
 */
const actor = z.string().min(1).max(200).optional();
/**
 * Whether the order has a contact to write to: no personal data, only whether Notifications need read
 * the order at all. Absent in events written before it existed (Notifications then reads the order).
 */
const hasContact = z.boolean().optional();

export const eventDataSchemas = {
  PriceChanged: z.object({
    productId: idSchema,
    amount: z.number().int().min(1),
    currency: z.string().length(3),
    listAmount: z.number().int().min(1),
    promotionId: z.string().nullable(),
    version: z.number().int().min(1),
    effectiveAt: z.iso.datetime(),
    actor,
  }),
  OrderConfirmed: z.object({
    orderId: idSchema,
    customerId: idSchema,
    lines: z.array(orderLine.extend({ unitAmount: z.number().int().min(0).optional() }).loose()).min(1),
    total: moneyShape,
    /** Absent on events published before invoices had several series: series 1. */
    invoiceSeries: z.number().int().min(1).optional(),
    invoiceNumber: z.number().int().min(1),
    actor,
    hasContact,
  }),
  OrderCancelled: z.object({
    orderId: idSchema,
    lines: z.array(orderLine.loose()).min(1),
    actor,
    hasContact,
  }),
  OrderReturned: z.object({
    orderId: idSchema,
    returnId: idSchema,
    lines: z.array(orderLine.loose()).min(1),
    restock: z.boolean(),
    refund: moneyShape,
    creditNoteNumber: z.number().int().min(1),
    actor,
    hasContact,
  }),
  StockLow: z.object({
    productId: idSchema,
    quantity: z.number().int().min(0),
    reorderPoint: z.number().int().min(0),
    reorderId: idSchema,
    actor,
  }),
} as const;

export type EventTypeName = keyof typeof eventDataSchemas;
export type EventData<T extends EventTypeName> = z.infer<(typeof eventDataSchemas)[T]>;
