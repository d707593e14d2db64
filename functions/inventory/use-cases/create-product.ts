import { AppError } from '#lib/errors.ts';
import { type NewProduct, type Product, planNewProduct } from '../domain/stock.ts';
import type { Deps } from './ports.ts';
import { stockLowEvents } from './stock-plans.ts';

export type CreateProductInput = Omit<NewProduct, 'productId'> & { productId?: string };

/**
 * 1. give the product an id if it has none  2. plan its initial stock as its first movement (and a
 * reorder if it starts at or below its reorder point)  3. write all of it at once, refusing an
 * existing id.
 */
export const makeCreateProduct =
  (deps: Deps) =>
  async (input: CreateProductInput, correlationId: string): Promise<Product> => {
    const now = deps.clock.now();
    const productId = input.productId ?? deps.newId('prd_');
    const change = planNewProduct({ ...input, productId }, { now, newId: deps.newId });
    const result = await deps.store.write({
      changes: [change],
      newProduct: true,
      events: stockLowEvents([change], correlationId, now),
    });
    if (result === 'product_exists') throw new AppError('conflict', `Product '${productId}' already exists.`);
    if (result !== 'ok') throw new Error(`unexpected write result ${result}`);
    return change.after;
  };
