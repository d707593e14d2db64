import fc from 'fast-check';
import { journalMovements, needsReorder, newProduct, type Product, reorderFor } from './stock.ts';

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

const entry = (delta: number) => ({
  movementId: `m${++seq}`,
  delta,
  reason: 'x',
  reference: null,
  actor: 'client:admin',
  at: 'now',
});

describe('journalMovements', () => {
  it('gives each journal entry its exact version and quantity after, newest first', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 30 }),
        fc.integer({ min: 0, max: 100 }),
        (settledQuantity, deltas, settledVersion) => {
          const quantity = settledQuantity + deltas.reduce((a, b) => a + b, 0);
          const version = settledVersion + deltas.length;
          const movements = journalMovements({
            ...product({ quantity, version }),
            journal: deltas.map(entry),
          });

          // Replaying the deltas from the settled state gives each movement's quantity after.
          let running = settledQuantity;
          const expected = deltas.map((delta, i) => {
            running += delta;
            return { delta, quantityAfter: running, version: settledVersion + i + 1 };
          });
          expect(
            movements.map(({ delta, quantityAfter, version: v }) => ({ delta, quantityAfter, version: v })),
          ).toEqual(expected.reverse());
        },
      ),
    );
  });
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
    expect(created).toMatchObject({ quantity: 7, version: 1, openReorderId: null });
    expect(journalMovements(created)).toEqual([
      expect.objectContaining({
        delta: 7,
        quantityAfter: 7,
        reason: 'initial',
        actor: 'user:gerente',
        version: 1,
      }),
    ]);
  });
});
