import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { JournaledProduct, Movement } from '#functions/inventory/domain/stock.ts';
import { toJournaledProduct } from '#functions/inventory/store/items.ts';
import { productKey } from '#functions/inventory/store/keys.ts';
import { inventoryStores } from '#functions/inventory/store/stores.ts';
import { makeCreateProduct } from '#functions/inventory/use-cases/create-product.ts';
import { systemClock } from '#lib/clock.ts';
import { dynamo } from '#lib/dynamodb/client.ts';
import type { Envelope } from '#lib/events/envelope.ts';
import { OUTBOX_INDEX_PK } from '#lib/events/outbox/outbox.ts';
import { newId } from '#lib/ids.ts';
import { createPrivateTable } from './private-table.ts';

/** What Inventory's tests read straight from an inventory table, past the stores. */

/** A product as the stream shows it to the ledger's settle, journal included (no poller watches test tables). */
export async function productImage(tableName: string, productId: string): Promise<JournaledProduct> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: tableName, Key: productKey(productId), ConsistentRead: true }),
  );
  if (!Item) throw new Error(`no product ${productId} in ${tableName}`);
  return toJournaledProduct(Item);
}

/** The events of `type` waiting in the table's outbox (a private table has no publisher to take them). */
export async function outboxEvents(tableName: string, type: string): Promise<Envelope[]> {
  const { Items = [] } = await dynamo.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': OUTBOX_INDEX_PK },
    }),
  );
  return Items.map((i) => i.envelope as Envelope).filter((e) => e.type === type);
}

/**
 * A private inventory table with the DynamoDB stores on it and what the use cases need besides, for
 * the stores' tests on DynamoDB Local. Drop it after the suite.
 */
export async function privateInventory() {
  const table = await createPrivateTable('inventory');
  const deps = {
    ...inventoryStores(dynamo, table.name),
    clock: systemClock,
    newId: (prefix: string) => newId(prefix),
  };
  return {
    table,
    deps,
    image: (productId: string) => productImage(table.name, productId),
    outboxEvents: (type: string) => outboxEvents(table.name, type),
    /** Created by `client:admin`, as the admin client's POST would. */
    createProduct: (productId: string, quantity: number, reorder = { reorderPoint: 0, reorderQuantity: 0 }) =>
      makeCreateProduct(deps)({
        productId,
        sku: 'S',
        name: 'N',
        quantity,
        ...reorder,
        actor: 'client:admin',
      }),
    /** Up to 100 movements of a product, newest first. */
    allMovements: async (productId: string): Promise<Movement[]> =>
      (await deps.ledger.listMovements(productId, 100))?.items ?? [],
  };
}

/** Newest first, each movement's quantityAfter is the previous one's plus its delta, from version 1. */
export function expectExactChain(movements: Movement[]) {
  const chronological = [...movements].reverse();
  chronological.forEach((m, i) => {
    const before = i === 0 ? 0 : chronological[i - 1]!.quantityAfter;
    expect(m.version).toBe(i + 1);
    expect(m.quantityAfter).toBe(before + m.delta);
  });
}
