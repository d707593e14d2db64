import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { batchGet } from '#lib/dynamodb/batch.ts';
import { queryPage } from '#lib/dynamodb/paginate.ts';
import { onlyConflicts, transactWrite } from '#lib/dynamodb/transact.ts';
import { outboxPut } from '#lib/events/outbox/outbox.ts';
import type { Page } from '#lib/pagination.ts';
import type { HistoryEntry, PriceRecord, PriceState, PriceWrite, PromotionLink } from '../domain/price.ts';
import type { PriceStore } from '../ports.ts';
import { historyPk, historySk, priceKey } from './keys.ts';

type Item = Record<string, unknown>;

/** Prices, their history and the promotion links beside them, in Pricing's table. */
export class DynamoPriceStore implements PriceStore {
  readonly #db: DynamoDBDocumentClient;
  readonly tableName: string;

  constructor(db: DynamoDBDocumentClient, tableName: string) {
    this.#db = db;
    this.tableName = tableName;
  }

  async readState(productId: string): Promise<PriceState> {
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': priceKey(productId).pk },
      ConsistentRead: true,
    });
    let price: PriceRecord | undefined;
    const links: PromotionLink[] = [];
    for (const item of items) {
      if (item.sk === 'PRICE') price = toPrice(item);
      else
        links.push({
          promotionId: String(item.promotionId),
          startsAt: String(item.startsAt),
          endsAt: String(item.endsAt),
        });
    }
    return { price, links };
  }

  async pricedProducts(productIds: readonly string[]): Promise<Set<string>> {
    const items = await batchGet(this.#db, this.tableName, productIds.map(priceKey), { consistent: true });
    return new Set(items.map((item) => String(item.productId)));
  }

  /**
   * One transaction conditional on the version read. Losing to a concurrent transaction on the same
   * price is answered like a lost condition (false), so the caller's one retry loop re-reads and
   * decides again; nothing here retries on top of it.
   */
  async write({ next, expectedVersion, history, event }: PriceWrite): Promise<boolean> {
    const result = await transactWrite(this.#db, [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...priceKey(next.productId), ...next },
          ...(expectedVersion === null
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } }),
        },
      },
      ...(history
        ? [
            {
              Put: {
                TableName: this.tableName,
                Item: { pk: historyPk(next.productId), sk: historySk(history.version), ...history },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ]
        : []),
      ...(event ? [outboxPut(this.tableName, event)] : []),
    ]);
    if (result.ok) return true;
    if (result.reasons.some((r) => r.code === 'ConditionalCheckFailed') || onlyConflicts(result)) {
      return false;
    }
    throw new Error(`price write cancelled: ${result.reasons.map((r) => r.code).join(', ')}`);
  }

  async listHistory(
    productId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<HistoryEntry>> {
    const page = await queryPage(
      this.#db,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': historyPk(productId) },
        ScanIndexForward: false,
      },
      limit,
      cursor,
    );
    return { items: page.items.map(toHistoryEntry), nextCursor: page.nextCursor };
  }

  /** A product's partition is its price and a link per promotion: small, but read to the end. */
  private async queryAll(input: QueryCommandInput): Promise<Item[]> {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const page = await this.#db.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }
}

function toPrice(item: Item): PriceRecord {
  return {
    productId: String(item.productId),
    listAmount: Number(item.listAmount),
    currency: String(item.currency),
    amount: Number(item.amount),
    promotionId: typeof item.promotionId === 'string' ? item.promotionId : null,
    version: Number(item.version),
    updatedAt: String(item.updatedAt),
  };
}

function toHistoryEntry(item: Item): HistoryEntry {
  return {
    amount: Number(item.amount),
    currency: String(item.currency),
    previousAmount:
      item.previousAmount === null || item.previousAmount === undefined ? null : Number(item.previousAmount),
    changedAt: String(item.changedAt),
    version: Number(item.version),
    // Entries written before actors were recorded have none: they read as null (unknown).
    actor: typeof item.actor === 'string' ? item.actor : null,
  };
}
