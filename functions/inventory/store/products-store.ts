import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  PutCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { remainingMs } from '#lib/deadline.ts';
import { batchGet } from '#lib/dynamodb/batch.ts';
import { encodeCursor, queryPage } from '#lib/dynamodb/paginate.ts';
import { logger } from '#lib/observability.ts';
import type { Page } from '#lib/pagination.ts';
import { isFiltered, type ProductFilter } from '../domain/search.ts';
import type { MovementEntry, Product } from '../domain/stock.ts';
import type { ChangeStockResult, CreateProductResult, ProductChange, ProductStore } from '../ports.ts';
import { getItem } from './get-item.ts';
import { searchAttributes, toProduct, withoutNulls } from './items.ts';
import { PRODUCTS_INDEX_PK, productKey, WRITTEN_BY } from './keys.ts';
import { pendingItem } from './movement-rows.ts';
import { passes, productFilterExpression } from './product-filter.ts';
import { initialSlots, stockUpdate } from './stock-update.ts';
import { isTransactionConflict } from './transaction-outcome.ts';

/** Items a filtered listing reads per query: DynamoDB's Limit counts the items read, matching or not. */
const FILTERED_READ_BATCH = 200;
/** A filtered listing starts another query only with this much of the request deadline left. */
const MIN_MS_FOR_ANOTHER_QUERY = 500;

/** Where a listing stands after `item`: the key DynamoDB's own LastEvaluatedKey would be there. */
const positionAfter = (item: Record<string, unknown>) =>
  encodeCursor({ pk: item.pk, sk: item.sk, gsi1pk: item.gsi1pk, gsi1sk: item.gsi1sk });

export interface ProductStoreOptions {
  /** Items a filtered listing reads per query (tests make it small). */
  readBatch?: number;
  /** Whether a filtered listing may start another query; by default, while the deadline allows. */
  hasTime?: () => boolean;
}

/**
 * Products and their stock on the inventory table. A write of one product alone (a creation, a change,
 * a count) is one plain conditional write, which answers the product as it left it, then its pending
 * movement row, before answering: two single writes cost less than a transaction of both, which
 * would answer nothing. A stop between them leaves the change unanswered, and its row to the settle.
 */
export class DynamoProductStore implements ProductStore {
  readonly tableName: string;
  private readonly db: DynamoDBDocumentClient;
  private readonly readBatch: number;
  private readonly hasTime: () => boolean;

  constructor(db: DynamoDBDocumentClient, tableName: string, options: ProductStoreOptions = {}) {
    this.db = db;
    this.tableName = tableName;
    this.readBatch = options.readBatch ?? FILTERED_READ_BATCH;
    this.hasTime = options.hasTime ?? (() => remainingMs() > MIN_MS_FOR_ANOTHER_QUERY);
  }

  async getProduct(productId: string): Promise<Product | undefined> {
    const item = await getItem(this.db, this.tableName, productKey(productId));
    return item ? toProduct(item) : undefined;
  }

  async listProducts(limit: number, cursor?: string, filter: ProductFilter = {}): Promise<Page<Product>> {
    if (isFiltered(filter)) return this.filteredPage(filter, limit, cursor);
    const page = await queryPage(this.db, this.listing(), limit, cursor);
    return { items: page.items.map(toProduct), nextCursor: page.nextCursor };
  }

  /** The products partition of gsi1, sorted by productId; `filter` values besides its own. */
  private listing(filter?: { expression: string; values: Record<string, string> }): QueryCommandInput {
    return {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': PRODUCTS_INDEX_PK, ...filter?.values },
      ...(filter ? { FilterExpression: filter.expression } : {}),
    };
  }

  /**
   * A filtered page: DynamoDB filters each query's read after its Limit, so one query may hold few
   * matches or none. Queries follow one another until `limit` matches or the end of the partition;
   * only when time runs out first is the page short (even empty) with a cursor. A page that fills
   * up part-way through a query ends at its last item, so the rest of that read is read again next.
   */
  private async filteredPage(filter: ProductFilter, limit: number, cursor?: string): Promise<Page<Product>> {
    const query = this.listing(productFilterExpression(filter));
    const found: Record<string, unknown>[] = [];
    let next = cursor;
    do {
      const page = await queryPage(this.db, query, Math.max(limit, this.readBatch), next);
      for (const item of page.items.filter((i) => passes(i, filter))) {
        found.push(item);
        if (found.length === limit) {
          const atEndOfRead = item === page.items.at(-1);
          return {
            items: found.map(toProduct),
            nextCursor: atEndOfRead ? page.nextCursor : positionAfter(item),
          };
        }
      }
      next = page.nextCursor ?? undefined;
    } while (next !== undefined && this.hasTime());
    return { items: found.map(toProduct), nextCursor: next ?? null };
  }

  /** Born with its movement slots full-size, so no later change writes a larger item than the first. */
  async createProduct(product: Product, initial: MovementEntry): Promise<CreateProductResult> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...productKey(product.productId),
            gsi1pk: PRODUCTS_INDEX_PK,
            gsi1sk: product.productId,
            ...withoutNulls(product),
            ...searchAttributes(product),
            lastChange: withoutNulls(initial),
            ...initialSlots(initial.movementId),
            writtenBy: WRITTEN_BY.stock,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { kind: 'exists' };
      throw error;
    }
    await this.putPending({ productId: product.productId, entry: initial });
    return { kind: 'ok' };
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
      await this.putPending(change);
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

  /** One request for up to 100 products; strongly consistent, so a product created a moment ago is found. */
  async getNames(productIds: readonly string[]): Promise<Map<string, string>> {
    if (productIds.length === 0) return new Map();
    const found = await batchGet(
      this.db,
      this.tableName,
      [...new Set(productIds)].map((productId) => productKey(productId)),
      { projection: 'productId, #name', names: { '#name': 'name' }, consistent: true },
    );
    return new Map(found.map((item) => [String(item.productId), String(item.name)]));
  }

  /**
   * The change is made: a failure here must not answer as if it was not (a caller would make it
   * twice). The settle puts its row from the table's stream within moments.
   */
  private async putPending(change: ProductChange): Promise<void> {
    try {
      await this.db.send(new PutCommand({ TableName: this.tableName, Item: pendingItem(change) }));
    } catch (error) {
      logger.warn('a pending movement was left to the settle', { productId: change.productId, error });
    }
  }
}
