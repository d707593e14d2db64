import { type AttributeValue, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { ProductImage } from '../domain/stock.ts';
import { toProductImage } from './items.ts';

/** What the store tests use besides the stores: the table's stream as the settle's event source sees it, and a request count. */

/**
 * Every image stock changes wrote for a product, in stream order: what the `inventory-ledger`
 * consumer is handed (functions/catalogue.ts filters on product rows written by `stock`). A private
 * test table has no poller, so its stream holds everything since the table was made.
 */
export async function streamImages(tableName: string, productId: string): Promise<ProductImage[]> {
  const tables = new DynamoDBClient({});
  const streams = new DynamoDBStreamsClient({});
  try {
    const { Table } = await tables.send(new DescribeTableCommand({ TableName: tableName }));
    const StreamArn = Table?.LatestStreamArn;
    if (!StreamArn) throw new Error(`${tableName} has no stream`);
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn }));
    const images: ProductImage[] = [];
    for (const shard of StreamDescription?.Shards ?? []) {
      let iterator = (
        await streams.send(
          new GetShardIteratorCommand({
            StreamArn,
            ShardId: shard.ShardId,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        )
      ).ShardIterator;
      while (iterator) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        for (const record of page.Records ?? []) {
          const image = record.dynamodb?.NewImage;
          if (record.eventName === 'REMOVE' || !image) continue;
          const item = unmarshall(image as Record<string, AttributeValue>);
          if (item.pk === `PRODUCT#${productId}` && item.sk === 'PRODUCT' && item.writtenBy === 'stock') {
            images.push(toProductImage(item));
          }
        }
        // An open shard answers empty pages once it is read to its end.
        iterator = (page.Records ?? []).length > 0 ? page.NextShardIterator : undefined;
      }
    }
    return images;
  } finally {
    tables.destroy();
    streams.destroy();
  }
}

/** The DynamoDB operation of each document-client command. */
const OPERATIONS: Record<string, string> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  TransactWrite: 'TransactWriteItems',
};

/** A client that counts the requests sent through it, by operation (`TransactWriteItems`, …). */
export function countingClient(db: DynamoDBDocumentClient) {
  const counts = new Map<string, number>();
  const client = {
    send: (command: { constructor: { name: string } }, ...rest: unknown[]) => {
      const name = command.constructor.name.replace(/Command$/, '');
      const operation = OPERATIONS[name] ?? name;
      counts.set(operation, (counts.get(operation) ?? 0) + 1);
      return (db.send as (...args: unknown[]) => unknown)(command, ...rest);
    },
  } as unknown as DynamoDBDocumentClient;
  return {
    client,
    /** The counts since the last call, and zero them. */
    take(): Record<string, number> {
      const taken = Object.fromEntries([...counts].sort());
      counts.clear();
      return taken;
    },
  };
}

/** An item's size as DynamoDB counts it (names, values, 3 bytes per map or list and 1 per element). */
export function itemSize(item: Record<string, unknown>): number {
  const size = (value: unknown): number => {
    if (typeof value === 'string') return Buffer.byteLength(value);
    if (typeof value === 'number') {
      const digits =
        String(Math.abs(value))
          .replace('.', '')
          .replace(/^0+|0+$/g, '').length || 1;
      return Math.ceil(digits / 2) + 1;
    }
    if (typeof value === 'boolean' || value === null) return 1;
    if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + size(v), 0);
    if (typeof value === 'object') {
      return (
        3 +
        Object.entries(value as object).reduce((sum, [k, v]) => sum + 1 + Buffer.byteLength(k) + size(v), 0)
      );
    }
    return 0;
  };
  return Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + size(value), 0);
}
