import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { tableOf } from '#lib/catalogue/index.ts';
import { dummyCredentials, region } from '#local/aws.ts';
import { ensureTable } from '#local/provision/tables.ts';
import {
  ACTIVE_RESERVATIONS_PK,
  activeReservationSk,
  movementKey,
  PRODUCTS_INDEX_PK,
  productKey,
  reservationKey,
} from '../functions/inventory/store/keys.ts';
import { runTag } from './fixtures.ts';
import { runClosedLoop } from './load.ts';
import { type Cell, type CellResult, cellResult, slotProducts } from './order-throughput.ts';

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

/**
 * The floor under an order: the one TransactWriteItems a reservation makes (per line a conditional
 * product update and a movement put, plus the reservation put; 1 + 2 × lines items), sent straight to
 * the same DynamoDB Local, on a scratch table defined exactly like the inventory table (keys, GSIs,
 * stream, TTL). Nothing else of the order path: no HTTP, no JWT, no reads, no other service.
 */
export async function openFloor(endpoint: string, productIds: readonly string[]) {
  const client = new DynamoDBClient({ region, credentials: dummyCredentials, endpoint });
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const table = `bench-floor-${runTag}`;
  await ensureTable(client, { ...tableOf('inventory'), name: table });
  const at = new Date().toISOString();
  // Versions as the inventory store keeps them: each slot owns its products, so it knows them.
  const versions = new Map(productIds.map((id) => [id, 1]));
  const quantities = new Map(productIds.map((id) => [id, 1_000_000]));
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

  let sequence = 0;
  const transaction = (ids: readonly string[]) => {
    const reservationId = `floor_${runTag}_${sequence++}`;
    const now = new Date().toISOString();
    const expiresAt = new Date(Date.now() + 900_000).toISOString();
    const items: TransactItems = ids.flatMap((productId): TransactItems => {
      const v0 = versions.get(productId)!;
      const q = quantities.get(productId)! - 1;
      return [
        {
          Update: {
            TableName: table,
            Key: productKey(productId),
            UpdateExpression: 'SET quantity = :q, #version = :v, updatedAt = :u REMOVE openReorderId',
            ConditionExpression: 'attribute_exists(pk) AND #version = :v0 AND quantity >= :need',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':q': q, ':v': v0 + 1, ':u': now, ':v0': v0, ':need': 1 },
          },
        },
        {
          Put: {
            TableName: table,
            Item: {
              ...movementKey(productId, v0 + 1),
              movementId: `mov_${reservationId}_${productId}`,
              productId,
              version: v0 + 1,
              delta: -1,
              quantityAfter: q,
              reason: 'reservation',
              reference: reservationId,
              at: now,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ];
    });
    items.push({
      Put: {
        TableName: table,
        Item: {
          ...reservationKey(reservationId),
          gsi1pk: ACTIVE_RESERVATIONS_PK,
          gsi1sk: activeReservationSk(expiresAt, reservationId),
          reservationId,
          status: 'ACTIVE',
          lines: ids.map((productId) => ({ productId, quantity: 1 })),
          expiresAt,
          createdAt: now,
          updatedAt: now,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
    // Applied to the slot's own bookkeeping only once DynamoDB took the transaction.
    const applied = () => {
      for (const productId of ids) {
        versions.set(productId, versions.get(productId)! + 1);
        quantities.set(productId, quantities.get(productId)! - 1);
      }
    };
    return { command: new TransactWriteCommand({ TransactItems: items }), applied };
  };

  return {
    async cell(cell: Cell, total: number, maxMs?: number): Promise<CellResult> {
      const run = await runClosedLoop(
        total,
        cell.concurrency,
        async (_i, slot) => {
          try {
            const { command, applied } = transaction(slotProducts(productIds, cell, slot));
            await db.send(command);
            applied();
            return 'ok';
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
