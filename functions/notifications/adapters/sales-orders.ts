import * as z from 'zod';
import { AppError } from '#lib/errors.ts';
import { callService } from '#lib/http/service-client.ts';
import type { OrderNotice, SalesOrders } from '../ports.ts';

const money = z.object({ amount: z.number().int(), currency: z.string() });

/** The part of Sales' order view (GET /sales/orders/{orderId}) an e-mail needs; the rest is ignored. */
const orderAnswer = z.object({
  orderId: z.string(),
  status: z.string(),
  customerId: z.string(),
  invoiceSeries: z.number().int().default(1),
  invoiceNumber: z.number().int(),
  createdAt: z.string(),
  contact: z.object({ email: z.string(), name: z.string().optional() }).optional(),
  lines: z.array(
    z.object({
      productId: z.string(),
      name: z.string().optional(),
      quantity: z.number().int(),
      unitAmount: z.number().int(),
      lineTotal: z.number().int(),
    }),
  ),
  total: money,
  refund: z.object({ amount: money }).optional(),
});

/** Sales over the service API with Notifications' own token (scope sales/read). */
export const salesOrders: SalesOrders = {
  async order(orderId: string, correlationId: string): Promise<OrderNotice | undefined> {
    const { status, body } = await callService({
      method: 'GET',
      path: `/sales/orders/${encodeURIComponent(orderId)}`,
      correlationId,
      timeoutMs: 2000,
      retries: 1,
    });
    if (status === 404) return undefined;
    if (status !== 200) {
      throw new AppError('dependency_unavailable', `Sales answered ${status} for an order`);
    }
    return orderAnswer.parse(body);
  },
};
