import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { queryPage } from '#lib/dynamodb/paginate.ts';
import type { Page } from '#lib/pagination.ts';
import type { JournaledProduct, Product } from '../domain/stock.ts';
import type { ChangeStockResult, CreateProductResult, ProductChange, ProductStore } from '../ports.ts';
import { getItem } from './get-item.ts';
import { toProduct, withoutNulls } from './items.ts';
import { PRODUCTS_INDEX_PK, productKey, WRITTEN_BY } from './keys.ts';
import { stockUpdate } from './stock-update.ts';
import { isTransactionConflict } from './transaction-outcome.ts';

/** Products and their stock on the inventory table; a product's journal rides on its item. */
export class DynamoProductStore implements ProductStore {
  readonly tableName: string;
  private readonly db: DynamoDBDocumentClient;

  constructor(db: DynamoDBDocumentClient, tableName: string) {
    this.db = db;
    this.tableName = tableName;
  }

  async getProduct(productId: string): Promise<Product | undefined> {
    const item = await getItem(this.db, this.tableName, productKey(productId));
    return item ? toProduct(item) : undefined;
  }

  async listProducts(limit: number, cursor?: string): Promise<Page<Product>> {
    const page = await queryPage(
      this.db,
      {
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': PRODUCTS_INDEX_PK },
      },
      limit,
      cursor,
    );
    return { items: page.items.map(toProduct), nextCursor: page.nextCursor };
  }

  async createProduct(product: JournaledProduct): Promise<CreateProductResult> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...productKey(product.productId),
            gsi1pk: PRODUCTS_INDEX_PK,
            gsi1sk: product.productId,
            ...withoutNulls(product),
            journal: product.journal.map(withoutNulls),
            writtenBy: WRITTEN_BY.stock,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { kind: 'ok' };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { kind: 'exists' };
      throw error;
    }
  }

  /** The failed condition hands back the item as it stood, so the answer says why without a read. */
  async changeStock(change: ProductChange, ifVersion?: number): Promise<ChangeStockResult> {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          ...stockUpdate(this.tableName, change, ifVersion),
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { kind: 'ok', product: toProduct(Attributes ?? {}) };
    } catch (error) {
      if (isTransactionConflict(error)) return { kind: 'retry' };
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      if (!error.Item) return { kind: 'not_found' };
      const before = toProduct(unmarshall(error.Item as never));
      if (ifVersion !== undefined && before.version !== ifVersion) return { kind: 'version_moved' };
      return { kind: 'short', available: before.quantity };
    }
  }
}
