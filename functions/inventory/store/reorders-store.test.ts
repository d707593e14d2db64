import { newId } from '#lib/ids.ts';
import { privateInventory } from '#test/support/inventory-table.ts';
import { makeChangeStock } from '../use-cases/change-stock.ts';
import { makeReceiveReorder } from '../use-cases/receive-reorder.ts';
import { makeSettleLedger } from '../use-cases/settle-ledger.ts';

let inventory: Awaited<ReturnType<typeof privateInventory>>;

beforeAll(async () => {
  inventory = await privateInventory();
});
afterAll(() => inventory.table.drop());

const id = (name: string) => `${name}-${newId()}`;

describe('reorder store on DynamoDB Local', () => {
  it('settling opens exactly one reorder with one StockLow when concurrent changes cross the reorder point', async () => {
    const { deps, image } = inventory;
    const productId = id('low');
    await inventory.createProduct(productId, 20, { reorderPoint: 10, reorderQuantity: 30 });
    const change = makeChangeStock(deps);

    await Promise.all(
      Array.from({ length: 15 }, () =>
        change({ kind: 'delta', productId, delta: -1, reason: 'sale', reference: null, actor: 'client:pos' }),
      ),
    );

    // The stream may hand the settle the same product in several batches at once.
    const settled = await image(productId);
    await Promise.all(Array.from({ length: 5 }, () => makeSettleLedger(deps)(settled)));

    const reorders = (await deps.reorders.listReorders(100, undefined, 'OPEN')).items.filter(
      (r) => r.productId === productId,
    );
    const events = (await inventory.outboxEvents('StockLow')).filter(
      (e) => (e.data as { productId: string }).productId === productId,
    );
    expect(reorders).toHaveLength(1);
    expect(reorders[0]).toMatchObject({
      quantity: 30,
      status: 'OPEN',
      createdBy: 'service:inventory',
      receivedBy: null,
    });
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toMatchObject({
      reorderId: reorders[0]!.reorderId,
      reorderPoint: 10,
      actor: 'service:inventory',
    });
    expect((await deps.products.getProduct(productId))?.openReorderId).toBe(reorders[0]!.reorderId);
  });

  it('receives a reorder once, even when the receipt is sent five times at once', async () => {
    const { deps, image, allMovements } = inventory;
    const productId = id('recv');
    await inventory.createProduct(productId, 1, { reorderPoint: 2, reorderQuantity: 10 });
    await makeSettleLedger(deps)(await image(productId));
    const reorder = (await deps.reorders.listReorders(100, undefined, 'OPEN')).items.find(
      (r) => r.productId === productId,
    )!;
    const receive = makeReceiveReorder(deps);

    const answers = await Promise.all(
      Array.from({ length: 5 }, () => receive(reorder.reorderId, 'user:gerente')),
    );

    expect(answers.every((a) => a.status === 'RECEIVED')).toBe(true);
    expect((await deps.products.getProduct(productId))?.quantity).toBe(11);
    expect((await deps.products.getProduct(productId))?.openReorderId).toBeNull();
    expect((await allMovements(productId)).filter((m) => m.reason === 'reorder-received')).toEqual([
      expect.objectContaining({ delta: 10, reference: reorder.reorderId, actor: 'user:gerente' }),
    ]);
    expect(await deps.reorders.getReorder(reorder.reorderId)).toMatchObject({
      status: 'RECEIVED',
      receivedBy: 'user:gerente',
      createdBy: 'service:inventory',
    });
  });
});
