import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { batchGet, batchWrite } from '#lib/dynamodb/batch.ts';
import { queryPage } from '#lib/dynamodb/paginate.ts';
import type { Page } from '#lib/pagination.ts';
import {
  discountFields,
  nextTransition,
  type PromotionStatus,
  type StoredPromotion,
} from '../domain/promotion.ts';
import type { PromotionStore } from '../ports.ts';
import { DUE_INDEX, DUE_PK, LIST_INDEX, LIST_PK, linkKey, promotionKey } from './keys.ts';

type Item = Record<string, unknown>;

/** Link rows outlive their promotion by a week, then DynamoDB's TTL removes them. */
const LINK_KEEP_SECONDS = 7 * 24 * 3600;

/** Promotions, and their links on each product's partition, in Pricing's table. */
export class DynamoPromotionStore implements PromotionStore {
  readonly #db: DynamoDBDocumentClient;
  readonly tableName: string;

  constructor(db: DynamoDBDocumentClient, tableName: string) {
    this.#db = db;
    this.tableName = tableName;
  }

  /**
   * A promotion can name 100 products, more than one transaction holds with its row, so the links go
   * first and the promotion row last. Readers only trust a link whose promotion row exists, so a crash
   * half-way leaves harmless orphans (removed by TTL) and never a half-applied promotion.
   */
  async create(promotion: StoredPromotion): Promise<void> {
    const ttl = Math.floor(Date.parse(promotion.endsAt) / 1000) + LINK_KEEP_SECONDS;
    const { promotionId, startsAt, endsAt } = promotion;
    await batchWrite(
      this.#db,
      this.tableName,
      promotion.productIds.map((productId) => ({
        put: { ...linkKey(productId, promotionId), promotionId, startsAt, endsAt, ttl },
      })),
    );
    await this.#db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: toPromotionItem(promotion),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(promotionId: string): Promise<StoredPromotion | undefined> {
    const { Item } = await this.#db.send(
      new GetCommand({ TableName: this.tableName, Key: promotionKey(promotionId), ConsistentRead: true }),
    );
    return Item ? toPromotion(Item) : undefined;
  }

  async getMany(promotionIds: readonly string[]): Promise<StoredPromotion[]> {
    const items = await batchGet(this.#db, this.tableName, promotionIds.map(promotionKey), {
      consistent: true,
    });
    return items.map(toPromotion);
  }

  async list(limit: number, cursor: string | undefined): Promise<Page<StoredPromotion>> {
    const page = await queryPage(
      this.#db,
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

  async due(now: string, limit: number): Promise<StoredPromotion[]> {
    const { Items = [] } = await this.#db.send(
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

  async end(promotionId: string, rev: number, endedAt: string, endedBy: string): Promise<boolean> {
    return this.updateAtRev(promotionId, rev, {
      expression:
        'SET endedAt = :endedAt, endedBy = :endedBy, gsi1pk = :due, gsi1sk = :endedAt, rev = rev + :one',
      extraCondition: 'attribute_not_exists(endedAt)',
      values: { ':endedAt': endedAt, ':endedBy': endedBy, ':due': DUE_PK },
    });
  }

  async advance(
    promotionId: string,
    rev: number,
    phase: PromotionStatus,
    nextDue: string | null,
  ): Promise<boolean> {
    // No next transition: out of the sparse due index for good.
    return nextDue === null
      ? this.updateAtRev(promotionId, rev, {
          expression: 'SET phase = :phase, rev = rev + :one REMOVE gsi1pk, gsi1sk',
          values: { ':phase': phase },
        })
      : this.updateAtRev(promotionId, rev, {
          expression: 'SET phase = :phase, gsi1pk = :due, gsi1sk = :next, rev = rev + :one',
          values: { ':phase': phase, ':due': DUE_PK, ':next': nextDue },
        });
  }

  /** An update of the promotion row that applies only at revision `rev`; false when it moved. */
  private async updateAtRev(
    promotionId: string,
    rev: number,
    update: { expression: string; values: Item; extraCondition?: string },
  ): Promise<boolean> {
    try {
      await this.#db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: promotionKey(promotionId),
          UpdateExpression: update.expression,
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
}

/** The promotion row: due (sparse gsi1) at its next transition, listed (gsi2) by id. */
export function toPromotionItem(p: StoredPromotion): Item {
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
    ...(p.createdBy ? { createdBy: p.createdBy } : {}),
    ...(p.endedBy ? { endedBy: p.endedBy } : {}),
    phase: p.phase,
    rev: p.rev,
    ...(nextDue ? { gsi1pk: DUE_PK, gsi1sk: nextDue } : {}),
    gsi2pk: LIST_PK,
    gsi2sk: p.promotionId,
  };
}

export function toPromotion(item: Item): StoredPromotion {
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
    // Rows written before actors were recorded have neither: they read as null (unknown).
    createdBy: typeof item.createdBy === 'string' ? item.createdBy : null,
    endedBy: typeof item.endedBy === 'string' ? item.endedBy : null,
    phase: item.phase as PromotionStatus,
    rev: Number(item.rev),
  };
}
