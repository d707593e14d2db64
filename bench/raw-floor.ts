import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tableOf } from '#lib/catalogue/index.ts';
import { dummyCredentials, region } from '#local/aws.ts';
import { ensureTable } from '#local/provision/tables.ts';
import { PRODUCTS_INDEX_PK, productKey } from '../functions/inventory/store/keys.ts';
import { DynamoReservationStore } from '../functions/inventory/store/reservations-store.ts';
import { runTag } from './fixtures.ts';
import { runClosedLoop } from './load.ts';
import { type Cell, type CellResult, cellResult } from './order-throughput.ts';

/**
 * The floor under an order: the one TransactWriteItems a reservation makes (per line a conditional
 * relative product update carrying its movement, plus the reservation put and the check of its release
 * tombstone; lines + 2 items), sent straight to the same DynamoDB Local, on a scratch table defined
 * exactly like the inventory table (keys, GSIs, stream, TTL). Nothing else of the order path: no HTTP,
 * no JWT, no reads, no other service.
 */
export async function openFloor(endpoint: string) {
  const client = new DynamoDBClient({ region, credentials: dummyCredentials, endpoint });
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const table = `bench-floor-${runTag}`;
  await ensureTable(client, { ...tableOf('inventory'), name: table });
  const seed = async (productIds: readonly string[]) => {
    const at = new Date().toISOString();
    for (let i = 0; i < productIds.length; i += 25) {
      const batch = productIds.slice(i, i + 25).map((productId) => ({
        PutRequest: {
          Item: {
            ...productKey(productId),
            gsi1pk: PRODUCTS_INDEX_PK,
            gsi1sk: productId,
            productId,
            sku: `SKU-${productId}`,
            name: `Bench ${productId}`,
            quantity: 1_000_000,
            reorderPoint: 0,
            reorderQuantity: 0,
            version: 1,
            updatedAt: at,
          },
        },
      }));
      await db.send(new BatchWriteCommand({ RequestItems: { [table]: batch } }));
    }
  };

  // The store's own reservation write, so the floor has exactly the shape an order's reservation has.
  const store = new DynamoReservationStore(db, table);
  let sequence = 0;
  const reserve = async (ids: readonly string[]): Promise<string> => {
    const reservationId = `floor_${runTag}_${sequence++}`;
    const now = new Date();
    const at = now.toISOString();
    const result = await store.reserve(
      {
        reservationId,
        status: 'ACTIVE',
        lines: ids.map((productId) => ({ productId, quantity: 1 })),
        expiresAt: new Date(now.getTime() + 900_000).toISOString(),
        createdAt: at,
        updatedAt: at,
      },
      ids.map((productId) => ({
        productId,
        entry: {
          movementId: `mov_${reservationId}_${productId}`,
          delta: -1,
          reason: 'reservation',
          reference: reservationId,
          // The same entry a reservation by Sales writes, so the floor's item is the order path's.
          actor: 'service:sales',
          at,
        },
      })),
    );
    return result.kind;
  };

  let cells = 0;
  return {
    async cell(cell: Cell, total: number, maxMs?: number): Promise<CellResult> {
      // Products of their own for every transaction, as the order cells have: no stock contention.
      const tag = `floor-${runTag}-${cells++}`;
      const productIds = Array.from({ length: total * cell.lines }, (_, i) => `${tag}-${i}`);
      await seed(productIds);
      const run = await runClosedLoop(
        total,
        cell.concurrency,
        async (i) => {
          try {
            return await reserve(productIds.slice(i * cell.lines, (i + 1) * cell.lines));
          } catch (error) {
            return (error as Error).name;
          }
        },
        maxMs,
      );
      return cellResult(cell, run.wallMs, run.latenciesMs, run.outcomes, 'ok');
    },
    async close() {
      await db.send(new DeleteTableCommand({ TableName: table })).catch(() => undefined);
      client.destroy();
    },
  };
}
