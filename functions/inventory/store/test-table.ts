import { randomBytes } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableOf } from '#lib/catalogue/index.ts';
import { dynamo } from '#lib/dynamodb.ts';
import type { JournaledProduct } from '../domain/stock.ts';
import { toJournaledProduct } from './items.ts';
import { productKey } from './keys.ts';

/**
 * Test support: a private copy of the inventory table on the runtime's DynamoDB Local. No stream
 * poller watches it, so outbox rows stay where a test can read them, and no test sees another's data.
 */
export async function createTestTable(): Promise<{ name: string; drop: () => Promise<void> }> {
  const def = tableOf('inventory');
  const name = `inventory-test-${randomBytes(4).toString('hex')}`;
  const client = new DynamoDBClient({});
  const attributes = ['pk', 'sk', ...def.globalIndexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: attributes.map((n) => ({ AttributeName: n, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: def.globalIndexes.map((i) => ({
        IndexName: i.name,
        KeySchema: [
          { AttributeName: i.partitionKey, KeyType: 'HASH' },
          { AttributeName: i.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    }),
  );
  return {
    name,
    drop: async () => {
      await client.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
      client.destroy();
    },
  };
}

/** A product as the stream shows it to the ledger's settle, journal included (no poller watches test tables). */
export async function productImage(tableName: string, productId: string): Promise<JournaledProduct> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: tableName, Key: productKey(productId), ConsistentRead: true }),
  );
  if (!Item) throw new Error(`no product ${productId} in ${tableName}`);
  return toJournaledProduct(Item);
}
