import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet } from '#lib/dynamodb/batch.ts';
import type { CachedPrice } from '../domain/price.ts';
import type { PriceCache } from '../ports.ts';
import { priceKey } from './keys.ts';

/** Sales' own copy of Pricing's effective prices, in the Sales table. */
export class PriceCacheStore implements PriceCache {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(db: DynamoDBDocumentClient, tableName: string) {
    this.#db = db;
    this.#table = tableName;
  }

  async getMany(productIds: string[]): Promise<Map<string, CachedPrice>> {
    const prices = new Map<string, CachedPrice>();
    for (const item of await batchGet(this.#db, this.#table, productIds.map(priceKey))) {
      const { pk: _pk, sk: _sk, ...price } = item;
      prices.set(price.productId as string, price as unknown as CachedPrice);
    }
    return prices;
  }

  /** A conditional write on `version`: the highest version wins whatever order events arrive in. */
  putIfNewer(price: CachedPrice): Promise<boolean> {
    return this.#put(price, 'attribute_not_exists(pk) OR version < :v', { ':v': price.version });
  }

  /** ISO 8601 UTC strings of one format compare as the instants they name. */
  putFromPricing(price: CachedPrice, askedAt: string): Promise<boolean> {
    return this.#put(price, 'attribute_not_exists(pk) OR version <= :v OR currentAt < :asked', {
      ':v': price.version,
      ':asked': askedAt,
    });
  }

  async #put(price: CachedPrice, condition: string, values: Record<string, unknown>): Promise<boolean> {
    try {
      await this.#db.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...priceKey(price.productId), ...price },
          ConditionExpression: condition,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
