import fc from 'fast-check';
import { needsReorder, type Product, planNewProduct, planReorderOnly, planStockChange } from './stock.ts';

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

describe('planStockChange', () => {
  it('never plans a negative quantity and otherwise plans an exact movement from the version read', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        fc.integer({ min: 0, max: 1000 }),
        (quantity, delta, version) => {
          const result = planStockChange(
            product({ quantity, version }),
            { delta, reason: 'x', reference: null },
            ctx,
          );
          if (quantity + delta < 0) {
            expect(result).toEqual({ ok: false, available: quantity });
            return;
          }
          if (!result.ok) throw new Error('expected a plan');
          const { after, movement } = result.change;
          expect(after.quantity).toBe(quantity + delta);
          expect(after.version).toBe(version + 1);
          expect(movement).toMatchObject({ delta, quantityAfter: quantity + delta, version: version + 1 });
        },
      ),
    );
  });

  it('opens one reorder when the change leaves stock at or below the reorder point', () => {
    const result = planStockChange(
      product({ quantity: 3 }),
      { delta: -1, reason: 'sale', reference: null },
      ctx,
    );
    if (!result.ok) throw new Error('expected a plan');
    expect(result.change.reorder).toMatchObject({ productId: 'p1', quantity: 20, status: 'OPEN' });
    expect(result.change.after.openReorderId).toBe(result.change.reorder?.reorderId);
  });

  it('opens no second reorder while one is open', () => {
    const result = planStockChange(
      product({ quantity: 2, openReorderId: 'ro_open' }),
      { delta: -1, reason: 'sale', reference: null },
      ctx,
    );
    if (!result.ok) throw new Error('expected a plan');
    expect(result.change.reorder).toBeNull();
    expect(result.change.after.openReorderId).toBe('ro_open');
  });

  it('closes the open reorder when it is received, and reorders again if still low', () => {
    const closed = planStockChange(
      product({ quantity: 0, openReorderId: 'ro_1' }),
      { delta: 20, reason: 'reorder-received', reference: 'ro_1', receivedReorderId: 'ro_1' },
      ctx,
    );
    if (!closed.ok) throw new Error('expected a plan');
    expect(closed.change.after.openReorderId).toBeNull();
    const stillLow = planStockChange(
      product({ quantity: 0, reorderPoint: 50, openReorderId: 'ro_1' }),
      { delta: 20, reason: 'reorder-received', reference: 'ro_1', receivedReorderId: 'ro_1' },
      ctx,
    );
    if (!stillLow.ok) throw new Error('expected a plan');
    expect(stillLow.change.reorder).not.toBeNull();
    expect(stillLow.change.after.openReorderId).toBe(stillLow.change.reorder?.reorderId);
  });

  it('does not reorder when the transaction has no room, nor when reorderQuantity is 0', () => {
    const noRoom = planStockChange(
      product({ quantity: 1 }),
      { delta: -1, reason: 's', reference: null },
      {
        ...ctx,
        allowReorder: false,
      },
    );
    expect(noRoom.ok && noRoom.change.reorder).toBeNull();
    expect(needsReorder({ quantity: 0, reorderPoint: 0, reorderQuantity: 0, openReorderId: null })).toBe(
      false,
    );
  });
});

describe('planNewProduct', () => {
  it('records the initial stock as the first movement at version 1', () => {
    const change = planNewProduct(
      { productId: 'p9', sku: 'S', name: 'N', quantity: 7, reorderPoint: 0, reorderQuantity: 0 },
      ctx,
    );
    expect(change.after).toMatchObject({ quantity: 7, version: 1 });
    expect(change.movement).toMatchObject({ delta: 7, quantityAfter: 7, reason: 'initial', version: 1 });
    expect(change.reorder).toBeNull();
  });
});

describe('planReorderOnly', () => {
  it('opens a reorder without moving stock, only when one is due', () => {
    expect(planReorderOnly(product({ quantity: 5 }), ctx)).toBeNull();
    const change = planReorderOnly(product({ quantity: 1 }), ctx);
    expect(change?.after).toMatchObject({ quantity: 1, version: 5 });
    expect(change?.movement).toBeNull();
    expect(change?.reorder?.status).toBe('OPEN');
  });
});
