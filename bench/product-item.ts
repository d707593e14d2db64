import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { type AttributeValue, DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { tableOf } from '#lib/catalogue/index.ts';
import { dummyCredentials, region } from '#local/aws.ts';
import { movementKey, PENDING_SK_PREFIX, productKey } from '../functions/inventory/store/keys.ts';
import { itemSize } from './item-size.ts';

export interface ProductItems {
  /** The product item's size in bytes as DynamoDB bills it; undefined when there is none. */
  size(productId: string): Promise<number | undefined>;
  /**
   * Waits until the ledger settle has written out every stock change of the product (no pending
   * movement row left, and the row of its current version there) and answers when that was first seen
   * (epoch ms); undefined on time-out.
   */
  ledgerSettled(productId: string, timeoutMs?: number): Promise<number | undefined>;
  close(): void;
}

/** Inventory's product items read straight from DynamoDB Local, as the table holds them. */
export function openProductItems(endpoint: string): ProductItems {
  const client = new DynamoDBClient({ region, credentials: dummyCredentials, endpoint });
  const TableName = tableOf('inventory').name;
  const read = async (productId: string): Promise<Record<string, AttributeValue> | undefined> => {
    const { pk, sk } = productKey(productId);
    const { Item } = await client.send(
      new GetItemCommand({ TableName, Key: { pk: { S: pk }, sk: { S: sk } }, ConsistentRead: true }),
    );
    return Item;
  };
  return {
    size: async (productId) => {
      const item = await read(productId);
      return item ? itemSize(item) : undefined;
    },
    async ledgerSettled(productId, timeoutMs = 180_000) {
      const started = performance.now();
      while (performance.now() - started < timeoutMs) {
        const version = Number((await read(productId))?.version?.N ?? 0);
        const pk = productKey(productId).pk;
        const [pending, newest] = await Promise.all([
          client.send(
            new QueryCommand({
              TableName,
              KeyConditionExpression: 'pk = :pk AND begins_with(sk, :pending)',
              ExpressionAttributeValues: { ':pk': { S: pk }, ':pending': { S: PENDING_SK_PREFIX } },
              ConsistentRead: true,
              Limit: 1,
            }),
          ),
          client.send(
            new GetItemCommand({
              TableName,
              Key: { pk: { S: pk }, sk: { S: movementKey(productId, version).sk } },
              ConsistentRead: true,
            }),
          ),
        ]);
        if ((pending.Items ?? []).length === 0 && newest.Item) return Date.now();
        await sleep(100);
      }
      return undefined;
    },
    close: () => client.destroy(),
  };
}
