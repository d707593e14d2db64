import { systemClock } from '#lib/clock.ts';
import { dynamo } from '#lib/dynamodb/client.ts';
import { newId } from '#lib/ids.ts';
import { privateInventory } from '#test/support/inventory-table.ts';
import { makeChangeStock } from '../use-cases/change-stock.ts';
import { makeCommitReservation } from '../use-cases/commit-reservation.ts';
import { makeCreateReservation } from '../use-cases/create-reservation.ts';
import { makeProductNames } from '../use-cases/product-names.ts';
import { makeQueries } from '../use-cases/queries.ts';
import { makeSettleLedger } from '../use-cases/settle-ledger.ts';
import { countingClient, streamImages } from './ledger-testing.ts';
import { inventoryStores } from './stores.ts';

let inventory: Awaited<ReturnType<typeof privateInventory>>;

beforeAll(async () => {
  inventory = await privateInventory();
});
afterAll(() => inventory.table.drop());

/** The stores of one function instance, on a client that counts what they send. */
function instance() {
  const counter = countingClient(dynamo);
  const deps = {
    ...inventoryStores(counter.client, inventory.table.name),
    clock: systemClock,
    newId: (prefix: string) => newId(prefix),
  };
  return { deps, take: counter.take };
}

describe("Inventory's DynamoDB requests per one-line order", () => {
  it('reserves in one transaction, names from memory, commits in one write (again: one), settles in two batches', async () => {
    const productId = `count-${newId()}`;
    await inventory.createProduct(productId, 50);
    const { deps, take } = instance();
    const reserve = makeCreateReservation({ ...deps, ttlSeconds: 900 });
    const names = makeProductNames(deps);
    const commit = makeCommitReservation(deps);
    const settle = makeSettleLedger(deps);
    const order = async () => {
      const reservationId = newId('ord_');
      const counts: Record<string, Record<string, number>> = {};
      await reserve({ reservationId, lines: [{ productId, quantity: 1 }], actor: 'service:sales' });
      counts.reserve = take();
      await names([productId]);
      counts.names = take();
      await commit(reservationId);
      counts.commit = take();
      await commit(reservationId);
      counts.commitAgain = take();
      await settle((await streamImages(inventory.table.name, productId)).slice(-1));
      counts.settle = take();
      return counts;
    };

    const first = await order();
    const second = await order();

    // The first order of a product in an instance reads its name, and its settle reads the ledger once.
    expect(first).toEqual({
      reserve: { TransactWriteItems: 1 },
      names: { BatchGetItem: 1 },
      commit: { UpdateItem: 1 },
      commitAgain: { UpdateItem: 1 },
      settle: { BatchWriteItem: 2, Query: 1 },
    });
    expect(second).toEqual({
      reserve: { TransactWriteItems: 1 },
      names: {},
      commit: { UpdateItem: 1 },
      commitAgain: { UpdateItem: 1 },
      settle: { BatchWriteItem: 2 },
    });
  }, 30_000);

  it('changes stock alone in two single writes, and lists a page in two reads', async () => {
    const productId = `count-${newId()}`;
    await inventory.createProduct(productId, 5);
    const { deps, take } = instance();

    await makeChangeStock(deps)({
      kind: 'delta',
      productId,
      delta: -1,
      reason: 'r',
      reference: null,
      actor: 'user:caixa',
    });
    const change = take();
    const page = await makeQueries(deps).movements(productId, 10);
    const listing = take();

    expect(change).toEqual({ PutItem: 1, UpdateItem: 1 });
    expect(page.items).toHaveLength(2);
    expect(listing).toEqual({ GetItem: 1, Query: 1 });
  });
});
