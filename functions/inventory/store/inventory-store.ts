import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#lib/dynamodb.ts';
import type { Envelope } from '#lib/events/envelope.ts';
import { outboxPut } from '#lib/events/outbox/outbox.ts';
import { type Page, queryPage } from '#lib/pagination.ts';
import type { Reservation, ReservationStatus } from '../domain/reservation.ts';
import type { Movement, PlannedChange, Product, Reorder, ReorderStatus } from '../domain/stock.ts';
import { toMovement, toProduct, toReorder, toReservation } from './items.ts';
import {
  ACTIVE_RESERVATIONS_PK,
  activeReservationSk,
  MOVEMENT_SK_PREFIX,
  movementKey,
  PRODUCTS_INDEX_PK,
  productKey,
  RELEASED_TOMBSTONE_SECONDS,
  REORDERS_INDEX_PK,
  releasedKey,
  reorderKey,
  reordersByStatusPk,
  reservationKey,
} from './keys.ts';

/** DynamoDB's limit of items in one TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100;

export type ReservationWrite =
  | { kind: 'create'; reservation: Reservation }
  | {
      kind: 'transition';
      reservationId: string;
      from: ReservationStatus[];
      to: ReservationStatus;
      at: string;
    };

/** Everything one business step changes, written as ONE transaction. */
export interface WritePlan {
  changes: PlannedChange[];
  /** The first change creates its product (a new product's initial stock). */
  newProduct?: boolean;
  reservation?: ReservationWrite;
  receiveReorder?: { reorderId: string; at: string };
  events: Envelope[];
}

/**
 * `retry`: a product moved on since it was read (or DynamoDB saw a conflicting transaction), so plan
 * again from fresh reads. `released`: the id to create was released before it existed (a tombstone).
 * The others name which business condition failed.
 */
export type WriteResult =
  | 'ok'
  | 'retry'
  | 'product_exists'
  | 'reservation_changed'
  | 'reorder_changed'
  | 'released';

type Role = 'product' | 'other' | 'reservation' | 'receipt' | 'tombstone';
type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

export class InventoryStore {
  readonly tableName: string;
  private readonly db: DynamoDBDocumentClient;

  constructor(tableName: string, db: DynamoDBDocumentClient = dynamo) {
    this.tableName = tableName;
    this.db = db;
  }

  async getProduct(productId: string): Promise<Product | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: productKey(productId), ConsistentRead: true }),
    );
    return Item ? toProduct(Item) : undefined;
  }

  async getReservation(reservationId: string): Promise<Reservation | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: reservationKey(reservationId), ConsistentRead: true }),
    );
    return Item ? toReservation(Item) : undefined;
  }

  async getReorder(reorderId: string): Promise<Reorder | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: reorderKey(reorderId), ConsistentRead: true }),
    );
    return Item ? toReorder(Item) : undefined;
  }

  /** Products sorted by productId. */
  listProducts(limit: number, cursor?: string): Promise<Page<Product>> {
    return this.page(
      {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': PRODUCTS_INDEX_PK },
      },
      limit,
      cursor,
      toProduct,
    );
  }

  /** The ledger of one product, newest first. */
  listMovements(productId: string, limit: number, cursor?: string): Promise<Page<Movement>> {
    return this.page(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': productKey(productId).pk, ':prefix': MOVEMENT_SK_PREFIX },
        ScanIndexForward: false,
        ConsistentRead: true,
      },
      limit,
      cursor,
      toMovement,
    );
  }

  /** Reorders, newest first, optionally only those of one status. */
  listReorders(limit: number, cursor?: string, status?: ReorderStatus): Promise<Page<Reorder>> {
    const query: Omit<QueryCommandInput, 'TableName'> = status
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
    return this.page({ ...query, ScanIndexForward: false }, limit, cursor, toReorder);
  }

  /** ACTIVE reservations whose expiresAt has passed, soonest-expired first. */
  async dueReservations(now: Date, limit: number): Promise<Reservation[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :due',
        ExpressionAttributeValues: {
          ':pk': ACTIVE_RESERVATIONS_PK,
          // '#' sorts after every character of an ISO timestamp's prefix, '~' after every id character.
          ':due': `${now.toISOString()}#~`,
        },
        Limit: limit,
      }),
    );
    return Items.map(toReservation);
  }

  /** Writes a plan as one TransactWriteItems; a failed condition is reported, never half-applied. */
  async write(plan: WritePlan): Promise<WriteResult> {
    const items: TransactItem[] = [];
    const roles: Role[] = [];
    const add = (role: Role, item: TransactItem) => {
      items.push(item);
      roles.push(role);
    };
    plan.changes.forEach((change, index) => {
      add(
        'product',
        plan.newProduct && index === 0 ? this.putNewProduct(change) : this.updateProduct(change),
      );
      if (change.movement) add('other', this.putMovement(change.movement));
      if (change.reorder) add('other', this.putReorder(change.reorder));
    });
    if (plan.reservation) add('reservation', this.reservationItem(plan.reservation));
    if (plan.reservation?.kind === 'create') {
      add('tombstone', this.notReleased(plan.reservation.reservation.reservationId));
    }
    if (plan.receiveReorder) add('receipt', this.receiveReorderItem(plan.receiveReorder));
    for (const event of plan.events) add('other', outboxPut(this.tableName, event) as TransactItem);
    if (items.length > MAX_TRANSACTION_ITEMS) {
      throw new Error(`A transaction of ${items.length} items exceeds DynamoDB's limit`);
    }
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
      return 'ok';
    } catch (error) {
      return classify(error, roles, plan.newProduct === true);
    }
  }

  /**
   * Records that `reservationId` was released while no reservation of that id existed, so a create
   * arriving later takes no stock. `reservation_exists`: it was created meanwhile; release it instead.
   */
  async markReleased(reservationId: string, now: Date): Promise<'ok' | 'reservation_exists'> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: this.tableName,
                Key: reservationKey(reservationId),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...releasedKey(reservationId),
                  reservationId,
                  releasedAt: now.toISOString(),
                  ttl: Math.floor(now.getTime() / 1000) + RELEASED_TOMBSTONE_SECONDS,
                },
              },
            },
          ],
        }),
      );
      return 'ok';
    } catch (error) {
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      ) {
        return 'reservation_exists';
      }
      throw error;
    }
  }

  private notReleased(reservationId: string): TransactItem {
    return {
      ConditionCheck: {
        TableName: this.tableName,
        Key: releasedKey(reservationId),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  private putNewProduct({ after }: PlannedChange): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...productKey(after.productId),
          gsi1pk: PRODUCTS_INDEX_PK,
          gsi1sk: after.productId,
          ...withoutNulls(after),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  /**
   * Sets the planned values, conditioned on the version the plan was made from: nothing else changed
   * the product in between, so quantityAfter is exact and stock cannot go below zero. The explicit
   * quantity floor says the same for a reader of the condition alone.
   */
  private updateProduct({ before, after }: PlannedChange): TransactItem {
    const taken = Math.max(0, before.quantity - after.quantity);
    const set = ['quantity = :q', '#version = :v', 'updatedAt = :u'];
    const values: Record<string, unknown> = {
      ':q': after.quantity,
      ':v': after.version,
      ':u': after.updatedAt,
      ':v0': before.version,
      ':need': taken,
    };
    let update: string;
    if (after.openReorderId === null) {
      update = `SET ${set.join(', ')} REMOVE openReorderId`;
    } else {
      values[':r'] = after.openReorderId;
      update = `SET ${[...set, 'openReorderId = :r'].join(', ')}`;
    }
    return {
      Update: {
        TableName: this.tableName,
        Key: productKey(after.productId),
        UpdateExpression: update,
        ConditionExpression: 'attribute_exists(pk) AND #version = :v0 AND quantity >= :need',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: values,
      },
    };
  }

  private putMovement(m: Movement): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...movementKey(m.productId, m.version), ...withoutNulls(m) },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  private putReorder(r: Reorder): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...reorderKey(r.reorderId),
          gsi1pk: REORDERS_INDEX_PK,
          gsi1sk: r.reorderId,
          gsi2pk: reordersByStatusPk(r.status),
          gsi2sk: r.reorderId,
          ...withoutNulls(r),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  private reservationItem(write: ReservationWrite): TransactItem {
    if (write.kind === 'create') {
      const r = write.reservation;
      return {
        Put: {
          TableName: this.tableName,
          Item: {
            ...reservationKey(r.reservationId),
            ...(r.status === 'ACTIVE'
              ? { gsi1pk: ACTIVE_RESERVATIONS_PK, gsi1sk: activeReservationSk(r.expiresAt, r.reservationId) }
              : {}),
            ...r,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      };
    }
    const from = Object.fromEntries(write.from.map((s, i) => [`:from${i}`, s]));
    return {
      Update: {
        TableName: this.tableName,
        Key: reservationKey(write.reservationId),
        // Leaving ACTIVE also leaves the expiry index, so the sweep never sees it again.
        UpdateExpression: 'SET #status = :to, updatedAt = :at REMOVE gsi1pk, gsi1sk',
        ConditionExpression: `attribute_exists(pk) AND #status IN (${Object.keys(from).join(', ')})`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':to': write.to, ':at': write.at, ...from },
      },
    };
  }

  private receiveReorderItem({ reorderId, at }: { reorderId: string; at: string }): TransactItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: reorderKey(reorderId),
        UpdateExpression: 'SET #status = :received, receivedAt = :at, gsi2pk = :gsi2pk',
        ConditionExpression: 'attribute_exists(pk) AND #status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':received': 'RECEIVED',
          ':open': 'OPEN',
          ':at': at,
          ':gsi2pk': reordersByStatusPk('RECEIVED'),
        },
      },
    };
  }

  private async page<T>(
    query: Omit<QueryCommandInput, 'TableName'>,
    limit: number,
    cursor: string | undefined,
    map: (item: Record<string, unknown>) => T,
  ): Promise<Page<T>> {
    const page = await queryPage(this.db, { ...query, TableName: this.tableName }, limit, cursor);
    return { items: page.items.map(map), nextCursor: page.nextCursor };
  }
}

const withoutNulls = (o: object): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));

const RETRYABLE = new Set(['ConditionalCheckFailed', 'TransactionConflict', 'ThrottlingError']);

function classify(error: unknown, roles: Role[], newProduct: boolean): WriteResult {
  const name = (error as { name?: string })?.name;
  if (name === 'TransactionConflictException') return 'retry';
  if (!(error instanceof TransactionCanceledException)) throw error;
  const reasons = error.CancellationReasons ?? [];
  const failed = (role: Role) =>
    reasons.some((r, i) => r.Code === 'ConditionalCheckFailed' && roles[i] === role);
  if (failed('tombstone')) return 'released';
  if (failed('reservation')) return 'reservation_changed';
  if (failed('receipt')) return 'reorder_changed';
  if (newProduct && failed('product')) return 'product_exists';
  // A moved product version, a conflicting concurrent transaction, or a throttled item: plan again.
  if (reasons.some((r) => r.Code !== undefined && RETRYABLE.has(r.Code))) return 'retry';
  throw error;
}
