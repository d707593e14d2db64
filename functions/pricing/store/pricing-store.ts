import { setTimeout as sleep } from 'node:timers/promises';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type BatchWriteCommandOutput,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#lib/dynamodb.ts';
import { outboxPut } from '#lib/events/outbox/outbox.ts';
import { type Page, queryPage } from '#lib/pagination.ts';
import { discountFields, nextTransition, type PromotionStatus } from '../domain/promotion.ts';
import type {
  HistoryEntry,
  PriceRecord,
  PriceState,
  PriceWrite,
  PricingStore,
  PromotionLink,
  StoredPromotion,
} from '../use-cases/ports.ts';
import {
  DUE_INDEX,
  DUE_PK,
  historyPk,
  historySk,
  LIST_INDEX,
  LIST_PK,
  linkKey,
  priceKey,
  promotionKey,
} from './keys.ts';
import { transact } from './transact.ts';

type Item = Record<string, unknown>;
type WriteRequests = NonNullable<BatchWriteCommandInput['RequestItems']>[string];

/** Link rows outlive their promotion by a week, then DynamoDB's TTL removes them. */
const LINK_KEEP_SECONDS = 7 * 24 * 3600;

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** The one DynamoDB adapter of Pricing's table. */
export class DynamoPricingStore implements PricingStore {
  readonly tableName: string;

  constructor(tableName: string) {
    this.tableName = tableName;
  }

  async readPriceState(productId: string): Promise<PriceState> {
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
    const items = await this.batchGet(productIds.map(priceKey));
    return new Set(items.map((item) => String(item.productId)));
  }

  async writePrice({ next, expectedVersion, history, event }: PriceWrite): Promise<boolean> {
    return transact([
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
  }

  async listHistory(
    productId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<HistoryEntry>> {
    const page = await queryPage(
      dynamo,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': historyPk(productId) },
        ScanIndexForward: false,
      },
      limit,
      cursor,
    );
    return {
      items: page.items.map((item) => ({
        amount: Number(item.amount),
        currency: String(item.currency),
        previousAmount:
          item.previousAmount === null || item.previousAmount === undefined
            ? null
            : Number(item.previousAmount),
        changedAt: String(item.changedAt),
        version: Number(item.version),
      })),
      nextCursor: page.nextCursor,
    };
  }

  /**
   * A promotion can name 100 products, more than one transaction holds with its row, so the links go
   * first and the promotion row last. Readers only trust a link whose promotion row exists, so a crash
   * half-way leaves harmless orphans (removed by TTL) and never a half-applied promotion.
   */
  async createPromotion(promotion: StoredPromotion): Promise<void> {
    const ttl = Math.floor(Date.parse(promotion.endsAt) / 1000) + LINK_KEEP_SECONDS;
    const links = promotion.productIds.map((productId) => ({
      PutRequest: {
        Item: {
          ...linkKey(productId, promotion.promotionId),
          promotionId: promotion.promotionId,
          startsAt: promotion.startsAt,
          endsAt: promotion.endsAt,
          ttl,
        },
      },
    }));
    for (const batch of chunks(links, 25)) await this.batchWrite(batch);
    await dynamo.send(
      new PutCommand({
        TableName: this.tableName,
        Item: toPromotionItem(promotion),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async getPromotion(promotionId: string): Promise<StoredPromotion | undefined> {
    const { Item } = await dynamo.send(
      new GetCommand({ TableName: this.tableName, Key: promotionKey(promotionId), ConsistentRead: true }),
    );
    return Item ? toPromotion(Item) : undefined;
  }

  async getPromotions(promotionIds: readonly string[]): Promise<StoredPromotion[]> {
    return (await this.batchGet(promotionIds.map(promotionKey))).map(toPromotion);
  }

  async listPromotions(limit: number, cursor: string | undefined): Promise<Page<StoredPromotion>> {
    const page = await queryPage(
      dynamo,
      {
        TableName: this.tableName,
        IndexName: LIST_INDEX,
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': LIST_PK },
        ScanIndexForward: false,
      },
      limit,
      cursor,
    );
    return { items: page.items.map(toPromotion), nextCursor: page.nextCursor };
  }

  async duePromotions(now: string, limit: number): Promise<StoredPromotion[]> {
    const { Items = [] } = await dynamo.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: DUE_INDEX,
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :now',
        ExpressionAttributeValues: { ':pk': DUE_PK, ':now': now },
        Limit: limit,
      }),
    );
    return Items.map(toPromotion);
  }

  async endPromotion(promotionId: string, rev: number, endedAt: string): Promise<boolean> {
    return this.conditionalUpdate(promotionId, rev, {
      UpdateExpression: 'SET endedAt = :endedAt, gsi1pk = :due, gsi1sk = :endedAt, rev = rev + :one',
      extraCondition: 'attribute_not_exists(endedAt)',
      values: { ':endedAt': endedAt, ':due': DUE_PK },
    });
  }

  async advancePromotion(
    promotionId: string,
    rev: number,
    phase: PromotionStatus,
    nextDue: string | null,
  ): Promise<boolean> {
    return nextDue === null
      ? this.conditionalUpdate(promotionId, rev, {
          UpdateExpression: 'SET phase = :phase, rev = rev + :one REMOVE gsi1pk, gsi1sk',
          values: { ':phase': phase },
        })
      : this.conditionalUpdate(promotionId, rev, {
          UpdateExpression: 'SET phase = :phase, gsi1pk = :due, gsi1sk = :next, rev = rev + :one',
          values: { ':phase': phase, ':due': DUE_PK, ':next': nextDue },
        });
  }

  private async conditionalUpdate(
    promotionId: string,
    rev: number,
    update: { UpdateExpression: string; values: Item; extraCondition?: string },
  ): Promise<boolean> {
    try {
      await dynamo.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: promotionKey(promotionId),
          UpdateExpression: update.UpdateExpression,
          ConditionExpression: ['rev = :rev', update.extraCondition].filter(Boolean).join(' AND '),
          ExpressionAttributeValues: { ...update.values, ':rev': rev, ':one': 1 },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  private async queryAll(input: QueryCommandInput): Promise<Item[]> {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const page = await dynamo.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  private async batchGet(keys: readonly Item[]): Promise<Item[]> {
    const found: Item[] = [];
    for (const batch of chunks(keys, 100)) {
      let pending: Item[] | undefined = batch;
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt > 0) await sleep(Math.min(1000, 20 * 2 ** attempt));
        const result: BatchGetCommandOutput = await dynamo.send(
          new BatchGetCommand({
            RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } },
          }),
        );
        found.push(...(result.Responses?.[this.tableName] ?? []));
        pending = result.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return found;
  }

  private async batchWrite(requests: WriteRequests): Promise<void> {
    let pending: WriteRequests | undefined = requests;
    for (let attempt = 0; pending && pending.length > 0; attempt++) {
      if (attempt > 0) await sleep(Math.min(1000, 20 * 2 ** attempt));
      const result: BatchWriteCommandOutput = await dynamo.send(
        new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }),
      );
      pending = result.UnprocessedItems?.[this.tableName];
    }
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

function toPromotionItem(p: StoredPromotion): Item {
  const nextDue = nextTransition(p, p.phase);
  return {
    ...promotionKey(p.promotionId),
    promotionId: p.promotionId,
    name: p.name,
    productIds: p.productIds,
    ...discountFields(p.discount),
    startsAt: p.startsAt,
    endsAt: p.endsAt,
    ...(p.endedAt ? { endedAt: p.endedAt } : {}),
    createdAt: p.createdAt,
    phase: p.phase,
    rev: p.rev,
    ...(nextDue ? { gsi1pk: DUE_PK, gsi1sk: nextDue } : {}),
    gsi2pk: LIST_PK,
    gsi2sk: p.promotionId,
  };
}

function toPromotion(item: Item): StoredPromotion {
  return {
    promotionId: String(item.promotionId),
    name: String(item.name),
    productIds: (item.productIds as string[]) ?? [],
    discount:
      typeof item.percentOff === 'number'
        ? { percentOff: item.percentOff }
        : { amountOff: Number(item.amountOff) },
    startsAt: String(item.startsAt),
    endsAt: String(item.endsAt),
    endedAt: typeof item.endedAt === 'string' ? item.endedAt : null,
    createdAt: String(item.createdAt),
    phase: item.phase as PromotionStatus,
    rev: Number(item.rev),
  };
}
