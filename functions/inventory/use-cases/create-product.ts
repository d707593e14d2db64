import { AppError } from '#lib/errors.ts';
import { type NewProduct, newProduct, type Product } from '../domain/stock.ts';
import type { Clock, NewId, ProductStore } from '../ports.ts';

interface Deps {
  products: ProductStore;
  clock: Clock;
  newId: NewId;
}

/** `actor`: who creates it (the caller's token), recorded on its initial movement. */
export type CreateProductInput = Omit<NewProduct, 'productId'> & { productId?: string; actor: string };

/**
 * 1. give the product an id if it has none  2. record its initial stock as its first movement  3.
 * write it, refusing an existing id. A product that starts at or below its reorder point gets its
 * reorder when the ledger settles, like any other change.
 */
export const makeCreateProduct =
  (deps: Deps) =>
  async (input: CreateProductInput): Promise<Product> => {
    const { actor, ...fields } = input;
    const productId = fields.productId ?? deps.newId('prd_');
    const { product, initial } = newProduct({ ...fields, productId }, actor, {
      now: deps.clock.now(),
      newId: deps.newId,
    });
    if ((await deps.products.createProduct(product, initial)).kind === 'exists') {
      throw new AppError('conflict', `Product '${productId}' already exists.`);
    }
    return product;
  };
