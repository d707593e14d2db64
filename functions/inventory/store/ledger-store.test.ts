import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#lib/dynamodb/client.ts';
import { encodeCursor } from '#lib/dynamodb/paginate.ts';
import { newId } from '#lib/ids.ts';
import { expectExactChain, privateInventory } from '#test/support/inventory-table.ts';
import type { Movement } from '../domain/stock.ts';
import { makeChangeStock } from '../use-cases/change-stock.ts';
import { makeSettleLedger } from '../use-cases/settle-ledger.ts';
import { movementKey, productKey } from './keys.ts';

let inventory: Awaited<ReturnType<typeof privateInventory>>;

beforeAll(async () => {
  inventory = await privateInventory();
});
afterAll(() => inventory.table.drop());

const id = (name: string) => `${name}-${newId()}`;

describe('ledger store on DynamoDB Local', () => {
  it('lists the ledger without a gap while part of it is settled into rows and part is in the journal', async () => {
    const { deps, image } = inventory;
    const productId = id('ledger');
    await inventory.createProduct(productId, 3);
    const change = makeChangeStock(deps);
    for (const delta of [4, -2, 5])
      await change({ kind: 'delta', productId, delta, reason: 'r', reference: null, actor: 'client:admin' });
    const older = await image(productId);
    for (const delta of [-1, 7, -3])
      await change({ kind: 'delta', productId, delta, reason: 'r', reference: null, actor: 'client:admin' });
    // An older image settles late: versions 1-4 become rows, 5-7 stay in the journal.
    await makeSettleLedger(deps)(older);

    const pages: Movement[][] = [];
    let cursor: string | undefined;
    do {
      const page = (await deps.ledger.listMovements(productId, 2, cursor))!;
      pages.push(page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);

    expect((await image(productId)).journal).toHaveLength(3);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2, 1]);
    expectExactChain(pages.flat());
    expect(pages.flat()[0]?.quantityAfter).toBe(13);
  });

  it('settles a newer image after an older one down to an empty journal, with no wake-up of its own', async () => {
    const { deps, image, allMovements } = inventory;
    const productId = id('heads');
    await inventory.createProduct(productId, 3);
    const change = makeChangeStock(deps);
    await change({ kind: 'delta', productId, delta: 4, reason: 'r', reference: null, actor: 'client:admin' });
    const older = await image(productId);
    await change({
      kind: 'delta',
      productId,
      delta: -2,
      reason: 'r',
      reference: null,
      actor: 'client:admin',
    });
    const newer = await image(productId);

    // The older image trims its two entries; the newer one then finds the head moved on to its third.
    await makeSettleLedger(deps)(older);
    await makeSettleLedger(deps)(newer);

    const product = await image(productId);
    expect(product.journal).toEqual([]);
    // The trim marks itself as the ledger's own write, which the settle's stream filter leaves out.
    const { Item } = await dynamo.send(
      new GetCommand({ TableName: inventory.table.name, Key: productKey(productId), ConsistentRead: true }),
    );
    expect(Item?.writtenBy).toBe('ledger');
    expectExactChain(await allMovements(productId));
    expect(await allMovements(productId)).toHaveLength(3);
  });

  it('settles the same image twice to the same rows, and a stale image drops nothing newer', async () => {
    const { deps, image, allMovements } = inventory;
    const productId = id('twice');
    await inventory.createProduct(productId, 2);
    const first = await image(productId);
    await makeChangeStock(deps)({
      kind: 'delta',
      productId,
      delta: 3,
      reason: 'r',
      reference: null,
      actor: 'client:admin',
    });
    const second = await image(productId);

    await deps.ledger.settleJournal(second);
    await deps.ledger.settleJournal(second);
    await deps.ledger.settleJournal(first);

    expect((await image(productId)).journal).toEqual([]);
    const movements = await allMovements(productId);
    expect(movements.map((m) => m.version)).toEqual([2, 1]);
    expectExactChain(movements);
  });

  it('keeps the actor of each movement through the settle; one recorded before actors reads as null', async () => {
    const { deps, image, allMovements } = inventory;
    const productId = id('actors');
    await inventory.createProduct(productId, 2);
    await makeChangeStock(deps)({
      kind: 'delta',
      productId,
      delta: 3,
      reason: 'r',
      reference: null,
      actor: 'user:caixa',
    });
    const inJournal = await allMovements(productId);
    await makeSettleLedger(deps)(await image(productId));
    // A row and a journal entry as the code before actors wrote them: no actor attribute.
    await dynamo.send(
      new UpdateCommand({
        TableName: inventory.table.name,
        Key: movementKey(productId, 1),
        UpdateExpression: 'REMOVE actor',
      }),
    );
    await dynamo.send(
      new UpdateCommand({
        TableName: inventory.table.name,
        Key: productKey(productId),
        UpdateExpression: 'ADD quantity :one, #version :one SET journal = :journal',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: {
          ':one': 1,
          ':journal': [
            { movementId: newId('mov_'), delta: 1, reason: 'legacy', at: new Date().toISOString() },
          ],
        },
      }),
    );

    const settled = await allMovements(productId);

    expect(inJournal.map((m) => m.actor)).toEqual(['user:caixa', 'client:admin']);
    expect(settled.map((m) => [m.reason, m.actor])).toEqual([
      ['legacy', null],
      ['r', 'user:caixa'],
      ['initial', null],
    ]);
    expectExactChain(settled);
  });

  it('answers 400 for a cursor of another listing, which has the right attributes but another partition', async () => {
    const { deps } = inventory;
    const [a, b] = [id('cur-a'), id('cur-b')];
    for (const productId of [a, b]) {
      await inventory.createProduct(productId, 5);
      await makeChangeStock(deps)({
        kind: 'delta',
        productId,
        delta: -1,
        reason: 'sale',
        reference: null,
        actor: 'client:admin',
      });
    }
    const ofA = (await deps.ledger.listMovements(a, 1))!.nextCursor!;
    const ofOrders = encodeCursor({
      pk: 'ORDER#o1',
      sk: 'ORDER',
      gsi1pk: 'CUSTOMER#c1',
      gsi1sk: '2026-01-01T00:00:00.000Z#o1',
    })!;

    await expect(deps.ledger.listMovements(b, 1, ofA)).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(deps.products.listProducts(1, ofOrders)).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(deps.reorders.listReorders(1, ofOrders)).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});
