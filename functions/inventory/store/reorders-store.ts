import type { DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { queryPage } from '#lib/dynamodb/paginate.ts';
import { failedAt, transactWrite } from '#lib/dynamodb/transact.ts';
import type { Envelope } from '#lib/events/envelope.ts';
import { outboxPut } from '#lib/events/outbox/outbox.ts';
import type { Page } from '#lib/pagination.ts';
import type { Reorder, ReorderStatus } from '../domain/stock.ts';
import type { OpenReorderResult, ReceiveReorderResult, ReorderReceipt, ReorderStore } from '../ports.ts';
import { getItem } from './get-item.ts';
import { toReorder, withoutNulls } from './items.ts';
import { productKey, REORDERS_INDEX_PK, reorderKey, reordersByStatusPk, WRITTEN_BY } from './keys.ts';
import { withMovements } from './movement-rows.ts';
import { stockUpdate } from './stock-update.ts';
import { conditionFailed, unexpectedCancellation, worthRetrying } from './transaction-outcome.ts';

/**
 * Reorders on the inventory table. A product names its one OPEN reorder (`openReorderId`): opening
 * sets that marker and receiving clears it, each in one transaction with the reorder itself.
 */
export class DynamoReorderStore implements ReorderStore {
  readonly tableName: string;
  private readonly db: DynamoDBDocumentClient;

  constructor(db: DynamoDBDocumentClient, tableName: string) {
    this.db = db;
    this.tableName = tableName;
  }

  async getReorder(reorderId: string): Promise<Reorder | undefined> {
    const item = await getItem(this.db, this.tableName, reorderKey(reorderId));
    return item ? toReorder(item) : undefined;
  }

  async listReorders(limit: number, cursor?: string, status?: ReorderStatus): Promise<Page<Reorder>> {
    const index: Omit<QueryCommandInput, 'TableName'> = status
      ? {
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :pk',
          ExpressionAttributeValues: { ':pk': reordersByStatusPk(status) },
        }
      : {
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': REORDERS_INDEX_PK },
        };
    const page = await queryPage(
      this.db,
      { ...index, TableName: this.tableName, ScanIndexForward: false },
      limit,
      cursor,
    );
    return { items: page.items.map(toReorder), nextCursor: page.nextCursor };
  }

  /** The marker (element 0), the reorder (1) and its StockLow in the outbox (2), all or none. */
  async openReorder(reorder: Reorder, stockLow: Envelope): Promise<OpenReorderResult> {
    const result = await transactWrite(this.db, [
      {
        Update: {
          TableName: this.tableName,
          Key: productKey(reorder.productId),
          UpdateExpression: 'SET openReorderId = :reorderId, writtenBy = :writer',
          ConditionExpression:
            'attribute_exists(pk) AND attribute_not_exists(openReorderId) AND quantity <= reorderPoint',
          ExpressionAttributeValues: { ':reorderId': reorder.reorderId, ':writer': WRITTEN_BY.ledger },
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...reorderKey(reorder.reorderId),
            gsi1pk: REORDERS_INDEX_PK,
            gsi1sk: reorder.reorderId,
            gsi2pk: reordersByStatusPk(reorder.status),
            gsi2sk: reorder.reorderId,
            ...withoutNulls(reorder),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      outboxPut(this.tableName, stockLow),
    ]);
    if (result.ok) return { kind: 'ok' };
    if (conditionFailed(result)) return { kind: 'not_needed' };
    if (worthRetrying(result)) return { kind: 'retry' };
    throw unexpectedCancellation('opening a reorder', result);
  }

  /**
   * The reorder OPEN → RECEIVED (element 0) and the product's stock (1), clearing the product's
   * open-reorder marker when it names this reorder, and the movement's pending row (2).
   */
  async receiveReorder({
    reorderId,
    change,
    at,
    receivedBy,
    closesMarker,
  }: ReorderReceipt): Promise<ReceiveReorderResult> {
    const stock = stockUpdate(this.tableName, change);
    const { items } = withMovements(
      this.tableName,
      [
        {
          Update: {
            TableName: this.tableName,
            Key: reorderKey(reorderId),
            UpdateExpression: 'SET #status = :received, receivedAt = :at, receivedBy = :by, gsi2pk = :gsi2pk',
            ConditionExpression: 'attribute_exists(pk) AND #status = :open',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':received': 'RECEIVED',
              ':open': 'OPEN',
              ':at': at,
              ':by': receivedBy,
              ':gsi2pk': reordersByStatusPk('RECEIVED'),
            },
          },
        },
        {
          Update: closesMarker
            ? {
                ...stock,
                UpdateExpression: `${stock.UpdateExpression} REMOVE openReorderId`,
                ConditionExpression: `${stock.ConditionExpression} AND openReorderId = :reorderId`,
                ExpressionAttributeValues: { ...stock.ExpressionAttributeValues, ':reorderId': reorderId },
              }
            : stock,
        },
      ],
      [change],
    );
    const result = await transactWrite(this.db, items);
    if (result.ok) return { kind: 'ok' };
    if (failedAt(result, 0) || failedAt(result, 1)) return { kind: 'changed' };
    if (worthRetrying(result)) return { kind: 'retry' };
    throw unexpectedCancellation('receiving a reorder', result);
  }
}
