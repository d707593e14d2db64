import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
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
    for (let i = 0; i < productIds.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = productIds.slice(i, i + 100).map(priceKey);
      while (keys && keys.length > 0) {
        const answer: BatchGetCommandOutput = await this.#db.send(
          new BatchGetCommand({ RequestItems: { [this.#table]: { Keys: keys } } }),
        );
        for (const item of answer.Responses?.[this.#table] ?? []) {
          const { pk: _pk, sk: _sk, ...price } = item;
          prices.set(price.productId as string, price as CachedPrice);
        }
        keys = answer.UnprocessedKeys?.[this.#table]?.Keys;
      }
    }
    return prices;
  }

  /** A conditional write on `version`: the highest version wins whatever order writes arrive in. */
  async putIfNewer(price: CachedPrice, options: { refreshSameVersion?: boolean } = {}): Promise<boolean> {
    try {
      await this.#db.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...priceKey(price.productId), ...price },
          ConditionExpression: `attribute_not_exists(pk) OR version ${options.refreshSameVersion ? '<=' : '<'} :v`,
          ExpressionAttributeValues: { ':v': price.version },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
