import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#lib/dynamodb/client.ts';
import { newId } from '#lib/ids.ts';
import { expectExactChain, privateInventory } from '#test/support/inventory-table.ts';
import type { ProductChange, Restock } from '../ports.ts';
import { makeRestockReturn } from '../use-cases/restock-return.ts';
import { restockKey } from './keys.ts';

let inventory: Awaited<ReturnType<typeof privateInventory>>;

beforeAll(async () => {
  inventory = await privateInventory();
});
afterAll(() => inventory.table.drop());

const id = (name: string) => `${name}-${newId()}`;
const at = new Date().toISOString();
const quantityOf = async (productId: string) =>
  (await inventory.deps.products.getProduct(productId))?.quantity;

function restockOf(lines: { productId: string; quantity: number }[]) {
  const restock: Restock = { orderId: id('order'), returnId: id('ret'), lines, actor: 'user:caixa', at };
  const changes = (): ProductChange[] =>
    lines.map(({ productId, quantity }) => ({
      productId,
      entry: {
        movementId: newId('mov_'),
        delta: quantity,
        reason: 'return',
        reference: restock.returnId,
        actor: restock.actor,
        at,
      },
    }));
  return { restock, changes };
}

describe('restock store on DynamoDB Local', () => {
  it('writes the marker and every line in one transaction, once: a repeat finds the marker', async () => {
    const { restocks } = inventory.deps;
    const [a, b] = [id('a'), id('b')];
    await inventory.createProduct(a, 1);
    await inventory.createProduct(b, 0);
    const { restock, changes } = restockOf([
      { productId: a, quantity: 2 },
      { productId: b, quantity: 3 },
    ]);

    const first = await restocks.restock(restock, changes());
    const again = await restocks.restock(restock, changes());

    expect([first, again]).toEqual([{ kind: 'ok' }, { kind: 'done' }]);
    expect([await quantityOf(a), await quantityOf(b)]).toEqual([3, 3]);
    expect(await restocks.getRestock(restock.orderId, restock.returnId)).toEqual(restock);
    const { Item } = await dynamo.send(
      new GetCommand({
        TableName: inventory.table.name,
        Key: restockKey(restock.orderId, restock.returnId),
        ConsistentRead: true,
      }),
    );
    expect(Item).toMatchObject({ pk: `RESTOCK#${restock.orderId}#${restock.returnId}`, sk: 'RESTOCK' });
    const movements = await inventory.allMovements(a);
    expect(movements[0]).toMatchObject({
      reason: 'return',
      reference: restock.returnId,
      actor: 'user:caixa',
    });
    expectExactChain(movements);
  });

  it('restocks once when ten deliveries of one return race, through the use case', async () => {
    const productId = id('race');
    await inventory.createProduct(productId, 4);
    const restock = makeRestockReturn(inventory.deps);
    const goods = {
      orderId: id('order'),
      returnId: id('ret'),
      lines: [{ productId, quantity: 3 }],
      restock: true,
      actor: 'user:caixa',
    };

    const outcomes = await Promise.all(Array.from({ length: 10 }, () => restock(goods)));

    expect(outcomes.filter((o) => o.kind === 'restocked')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'already-restocked')).toHaveLength(9);
    expect(await quantityOf(productId)).toBe(7);
    expect((await inventory.allMovements(productId)).filter((m) => m.reason === 'return')).toHaveLength(1);
  });

  it('writes nothing, marker included, when a line names an unknown product', async () => {
    const { restocks } = inventory.deps;
    const a = id('known');
    await inventory.createProduct(a, 1);
    const { restock, changes } = restockOf([
      { productId: a, quantity: 2 },
      { productId: id('ghost'), quantity: 1 },
    ]);

    const result = await restocks.restock(restock, changes());

    expect(result).toEqual({ kind: 'product_missing' });
    expect(await quantityOf(a)).toBe(1);
    expect(await restocks.getRestock(restock.orderId, restock.returnId)).toBeUndefined();
  });

  it('keeps returns of the same returnId on two orders apart', async () => {
    const { restocks } = inventory.deps;
    const a = id('two');
    await inventory.createProduct(a, 0);
    const first = restockOf([{ productId: a, quantity: 1 }]);
    const other = { ...first.restock, orderId: id('order') };

    const results = [
      await restocks.restock(first.restock, first.changes()),
      await restocks.restock(other, first.changes()),
    ];

    expect(results).toEqual([{ kind: 'ok' }, { kind: 'ok' }]);
    expect(await quantityOf(a)).toBe(2);
  });
});
