import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#lib/dynamodb.ts';
import type { JournaledProduct } from '../domain/stock.ts';
import { toJournaledProduct } from './items.ts';
import { productKey } from './keys.ts';

/** A product as the stream shows it to the ledger's settle, journal included (no poller watches test tables). */
export async function productImage(tableName: string, productId: string): Promise<JournaledProduct> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: tableName, Key: productKey(productId), ConsistentRead: true }),
  );
  if (!Item) throw new Error(`no product ${productId} in ${tableName}`);
  return toJournaledProduct(Item);
}
