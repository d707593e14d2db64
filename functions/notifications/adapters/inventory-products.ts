import * as z from 'zod';
import { AppError } from '#lib/errors.ts';
import { callService } from '#lib/http/service-client.ts';
import type { InventoryProducts, ProductNotice } from '../ports.ts';

const productAnswer = z.object({
  productId: z.string(),
  sku: z.string(),
  name: z.string(),
  reorderQuantity: z.number().int(),
});

/** Inventory over the service API with Notifications' own token (scope inventory/read). */
export const inventoryProducts: InventoryProducts = {
  async product(productId: string, correlationId: string): Promise<ProductNotice | undefined> {
    const { status, body } = await callService({
      method: 'GET',
      path: `/inventory/products/${encodeURIComponent(productId)}`,
      correlationId,
      timeoutMs: 2000,
      retries: 1,
    });
    if (status === 404) return undefined;
    if (status !== 200) {
      throw new AppError('dependency_unavailable', `Inventory answered ${status} for a product`);
    }
    return productAnswer.parse(body);
  },
};
