import { needsReorder, newProduct, type Product, reorderFor } from './stock.ts';

const now = new Date('2025-01-02T03:04:05.000Z');
let seq = 0;
const ctx = { now, newId: (prefix: string) => `${prefix}${++seq}` };

const product = (over: Partial<Product> = {}): Product => ({
  productId: 'p1',
  sku: 'SKU-1',
  name: 'Coffee',
  quantity: 10,
  reorderPoint: 2,
  reorderQuantity: 20,
  version: 4,
  updatedAt: '2025-01-01T00:00:00.000Z',
  openReorderId: null,
  ...over,
});

describe('reorders', () => {
  it('asks for one reorder at or below the reorder point while none is open', () => {
    expect(reorderFor(product({ quantity: 3 }), ctx)).toBeNull();
    expect(reorderFor(product({ quantity: 2 }), ctx)).toMatchObject({
      productId: 'p1',
      quantity: 20,
      status: 'OPEN',
      createdBy: 'service:inventory',
      receivedBy: null,
    });
    expect(reorderFor(product({ quantity: 0, openReorderId: 'ro_open' }), ctx)).toBeNull();
    expect(needsReorder({ quantity: 0, reorderPoint: 0, reorderQuantity: 0, openReorderId: null })).toBe(
      false,
    );
  });
});

describe('newProduct', () => {
  it('records the initial stock as the first movement at version 1, by its creator', () => {
    const created = newProduct(
      { productId: 'p9', sku: 'S', name: 'N', quantity: 7, reorderPoint: 0, reorderQuantity: 0 },
      'user:gerente',
      ctx,
    );
    expect(created.product).toMatchObject({ quantity: 7, version: 1, openReorderId: null });
    expect(created.initial).toMatchObject({ delta: 7, reason: 'initial', actor: 'user:gerente' });
  });
});
