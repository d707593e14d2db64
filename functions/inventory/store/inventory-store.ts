import { setTimeout as sleep } from 'node:timers/promises';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { dynamo } from '#lib/dynamodb.ts';
import type { Envelope } from '#lib/events/envelope.ts';
import { outboxPut } from '#lib/events/outbox/outbox.ts';
import { decodeCursor, encodeCursor, invalidCursor, type Page, queryPage } from '#lib/pagination.ts';
import type { Reservation, ReservationStatus } from '../domain/reservation.ts';
import {
  type JournalEntry,
  type JournaledProduct,
  journalMovements,
  type Movement,
  type Product,
  type Reorder,
  type ReorderStatus,
} from '../domain/stock.ts';
import {
  toJournaledProduct,
  toMovement,
  toProduct,
  toReorder,
  toReservation,
  withoutNulls,
} from './items.ts';
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

/** One stock change of one product, as a write applies it. */
export interface ProductChange {
  productId: string;
  entry: JournalEntry;
}

export interface StatusTransition {
  reservationId: string;
  from: ReservationStatus[];
  to: ReservationStatus;
  at: string;
}

/** `retry`: DynamoDB saw a conflicting concurrent transaction; the same write may simply be sent again. */
export type ChangeResult =
  | { kind: 'ok'; product: Product }
  | { kind: 'short'; available: number }
  | { kind: 'version_moved' }
  | { kind: 'not_found' }
  | { kind: 'retry' };

/** `stock`: a line's product is unknown or short; which one is for the caller to read. */
export type ReserveResult = 'ok' | 'stock' | 'reservation_exists' | 'released' | 'retry';

type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

/** DynamoDB's limit of requests in one BatchWriteItem. */
const BATCH_WRITE_LIMIT = 25;
/** Journal entries dropped per update. */
const TRIM_LIMIT = 100;

export class InventoryStore {
  readonly tableName: string;
  private readonly db: DynamoDBDocumentClient;

  constructor(tableName: string, db: DynamoDBDocumentClient = dynamo) {
    this.tableName = tableName;
    this.db = db;
  }

  async getProduct(productId: string): Promise<Product | undefined> {
    const item = await this.getItem(productKey(productId));
    return item ? toProduct(item) : undefined;
  }

  async getReservation(reservationId: string): Promise<Reservation | undefined> {
    const item = await this.getItem(reservationKey(reservationId));
    return item ? toReservation(item) : undefined;
  }

  async getReorder(reorderId: string): Promise<Reorder | undefined> {
    const item = await this.getItem(reorderKey(reorderId));
    return item ? toReorder(item) : undefined;
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

  /**
   * The ledger of one product, newest first; undefined for an unknown product. The newest movements
   * may still be in the product's journal: the product is read first, and every version older than
   * its journal was settled into a row before it left the journal, so the two together have no gap.
   */
  async listMovements(
    productId: string,
    limit: number,
    cursor?: string,
  ): Promise<Page<Movement> | undefined> {
    const pk = productKey(productId).pk;
    const start = decodeCursor(cursor);
    const before = start ? versionOf(start, pk) : Number.POSITIVE_INFINITY;
    const item = await this.getItem(productKey(productId));
    if (!item) return undefined;
    const journal = journalMovements(toJournaledProduct(item));
    const items = journal.filter((m) => m.version < before).slice(0, limit);
    const settledBelow = Math.min(before, journal.at(-1)?.version ?? Number.POSITIVE_INFINITY);
    if (items.length < limit && settledBelow > 1) {
      const { Items = [] } = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
          ExpressionAttributeValues: {
            ':pk': pk,
            ':first': movementKey(productId, 1).sk,
            ':last': movementKey(productId, Math.min(settledBelow - 1, toProduct(item).version)).sk,
          },
          ScanIndexForward: false,
          ConsistentRead: true,
          Limit: limit - items.length,
        }),
      );
      items.push(...Items.map(toMovement));
    }
    // Every ledger starts at version 1, so a full page ending above it has more behind it.
    const last = items.at(-1);
    const more = items.length === limit && last !== undefined && last.version > 1;
    return { items, nextCursor: more ? encodeCursor(movementKey(productId, last.version)) : null };
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

  /** A new product with its initial movement in its journal; false when the id is taken. */
  async createProduct(product: JournaledProduct): Promise<boolean> {
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
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /**
   * One stock change of one product as a single atomic update: never below zero, and, with
   * `ifVersion`, only if nothing changed the product since that version was read (a stock count).
   */
  async changeStock(change: ProductChange, ifVersion?: number): Promise<ChangeResult> {
    const update = this.stockUpdate(change, ifVersion);
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          ...update,
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { kind: 'ok', product: toProduct(Attributes ?? {}) };
    } catch (error) {
      if (isConflict(error)) return { kind: 'retry' };
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      if (!error.Item) return { kind: 'not_found' };
      const before = toProduct(unmarshall(error.Item as never));
      if (ifVersion !== undefined && before.version !== ifVersion) return { kind: 'version_moved' };
      return { kind: 'short', available: before.quantity };
    }
  }

  /**
   * ONE transaction takes every line's stock (each only if enough is left) and creates the reservation,
   * only if its id is new and was not released before it existed.
   */
  async reserve(reservation: Reservation, changes: ProductChange[]): Promise<ReserveResult> {
    const items: TransactItem[] = [
      ...changes.map((change) => ({ Update: this.stockUpdate(change) })),
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...reservationKey(reservation.reservationId),
            gsi1pk: ACTIVE_RESERVATIONS_PK,
            gsi1sk: activeReservationSk(reservation.expiresAt, reservation.reservationId),
            ...reservation,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        ConditionCheck: {
          TableName: this.tableName,
          Key: releasedKey(reservation.reservationId),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    const failed = await this.transact(items);
    if (failed === 'ok' || failed === 'retry') return failed;
    if (failed[changes.length + 1]) return 'released';
    if (failed[changes.length]) return 'reservation_exists';
    return 'stock';
  }

  /**
   * Moves a reservation's status (the condition that makes it happen once) and, in the same
   * transaction, gives back the stock of `changes`. False when the status had already moved on.
   */
  async transition(transition: StatusTransition, changes: ProductChange[] = []): Promise<boolean | 'retry'> {
    const from = Object.fromEntries(transition.from.map((s, i) => [`:from${i}`, s]));
    const failed = await this.transact([
      {
        Update: {
          TableName: this.tableName,
          Key: reservationKey(transition.reservationId),
          // Leaving ACTIVE also leaves the expiry index, so the sweep never sees it again.
          UpdateExpression: 'SET #status = :to, updatedAt = :at REMOVE gsi1pk, gsi1sk',
          ConditionExpression: `attribute_exists(pk) AND #status IN (${Object.keys(from).join(', ')})`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':to': transition.to, ':at': transition.at, ...from },
        },
      },
      ...changes.map((change) => ({ Update: this.stockUpdate(change) })),
    ]);
    if (failed === 'ok' || failed === 'retry') return failed === 'ok' ? true : 'retry';
    if (failed[0]) return false;
    throw new Error(`a stock increment failed its condition: ${JSON.stringify(failed)}`);
  }

  /**
   * The goods arrived: ONE transaction moves the reorder OPEN → RECEIVED (once), adds its quantity
   * and clears the product's open-reorder marker when it names this reorder.
   */
  async receiveReorder(reorder: Reorder, change: ProductChange, at: string, closesMarker: boolean) {
    const stock = this.stockUpdate(change);
    const failed = await this.transact([
      {
        Update: {
          TableName: this.tableName,
          Key: reorderKey(reorder.reorderId),
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
      },
      {
        Update: closesMarker
          ? {
              ...stock,
              UpdateExpression: `${stock.UpdateExpression} REMOVE openReorderId`,
              ConditionExpression: `${stock.ConditionExpression} AND openReorderId = :reorderId`,
              ExpressionAttributeValues: {
                ...stock.ExpressionAttributeValues,
                ':reorderId': reorder.reorderId,
              },
            }
          : stock,
      },
    ]);
    return failed === 'ok' || failed === 'retry' ? failed : 'changed';
  }

  /**
   * Settles a product's journal, as one image of it showed it, into ledger rows, then drops those
   * entries from the journal unless another settle already did. Rows are keyed by version, so
   * settling the same image again rewrites the same rows.
   */
  async settleJournal(product: JournaledProduct): Promise<void> {
    const movements = journalMovements(product);
    if (product.journal.length === 0) return;
    for (let i = 0; i < movements.length; i += BATCH_WRITE_LIMIT) {
      let requests: Record<string, unknown>[] = movements.slice(i, i + BATCH_WRITE_LIMIT).map((m) => ({
        PutRequest: { Item: { ...movementKey(m.productId, m.version), ...withoutNulls(m) } },
      }));
      for (let attempt = 1; requests.length > 0; attempt++) {
        const { UnprocessedItems } = await this.db.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: requests as never } }),
        );
        requests = (UnprocessedItems?.[this.tableName] as Record<string, unknown>[] | undefined) ?? [];
        // DynamoDB hands back what it could not take when throttled: back off before sending it again.
        if (requests.length > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
      }
    }
    // A few entries per update keep the expression far below DynamoDB's 4 KB.
    for (let i = 0; i < product.journal.length; i += TRIM_LIMIT) {
      const chunk = product.journal.slice(i, i + TRIM_LIMIT);
      try {
        await this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: productKey(product.productId),
            UpdateExpression: `REMOVE ${chunk.map((_, j) => `journal[${j}]`).join(', ')}`,
            ConditionExpression: 'journal[0].movementId = :first',
            ExpressionAttributeValues: { ':first': chunk[0]?.movementId },
          }),
        );
      } catch (error) {
        // Another settle dropped them first.
        if (error instanceof ConditionalCheckFailedException) return;
        throw error;
      }
    }
  }

  /**
   * Opens a reorder and queues its StockLow, only if the product has none open and is still at or
   * below its reorder point. False when either is no longer so.
   */
  async openReorder(reorder: Reorder, event: Envelope): Promise<boolean> {
    const failed = await this.transact([
      {
        Update: {
          TableName: this.tableName,
          Key: productKey(reorder.productId),
          UpdateExpression: 'SET openReorderId = :reorderId',
          ConditionExpression:
            'attribute_exists(pk) AND attribute_not_exists(openReorderId) AND quantity <= reorderPoint',
          ExpressionAttributeValues: { ':reorderId': reorder.reorderId },
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
      outboxPut(this.tableName, event) as TransactItem,
    ]);
    if (failed === 'retry') throw new Error('a concurrent write held the product; the stream retries');
    return failed === 'ok';
  }

  /**
   * Records that `reservationId` was released while no reservation of that id existed, so a create
   * arriving later takes no stock. `reservation_exists`: it was created meanwhile; release it instead.
   */
  async markReleased(reservationId: string, now: Date): Promise<'ok' | 'reservation_exists'> {
    const failed = await this.transact([
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
    ]);
    if (failed === 'retry') throw new Error('a concurrent transaction held the reservation id');
    return failed === 'ok' ? 'ok' : 'reservation_exists';
  }

  /**
   * A relative update: ADD is applied to the value the item holds when the write lands, so concurrent
   * changes never wait for each other; the condition alone keeps stock from going below zero. The
   * entry joins the journal in the same write, in the order the writes were applied.
   */
  private stockUpdate({ productId, entry }: ProductChange, ifVersion?: number) {
    const conditions = ['attribute_exists(pk)'];
    const values: Record<string, unknown> = {
      ':delta': entry.delta,
      ':one': 1,
      ':entry': [withoutNulls(entry)],
      ':empty': [],
      ':at': entry.at,
    };
    if (entry.delta < 0) {
      conditions.push('quantity >= :need');
      values[':need'] = -entry.delta;
    }
    if (ifVersion !== undefined) {
      conditions.push('#version = :expected');
      values[':expected'] = ifVersion;
    }
    return {
      TableName: this.tableName,
      Key: productKey(productId),
      UpdateExpression:
        'ADD quantity :delta, #version :one SET journal = list_append(if_not_exists(journal, :empty), :entry), updatedAt = :at',
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: values,
    };
  }

  /** 'ok', 'retry' on a conflicting transaction, or which items failed their condition. */
  private async transact(items: TransactItem[]): Promise<'ok' | 'retry' | boolean[]> {
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
      return 'ok';
    } catch (error) {
      if (isConflict(error)) return 'retry';
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (!reasons.some((r) => r.Code === 'ConditionalCheckFailed')) {
        if (reasons.some((r) => r.Code === 'TransactionConflict' || r.Code === 'ThrottlingError'))
          return 'retry';
        throw error;
      }
      return items.map((_, i) => reasons[i]?.Code === 'ConditionalCheckFailed');
    }
  }

  private async getItem(Key: Record<string, string>): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true }),
    );
    return Item;
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

const isConflict = (error: unknown) => (error as { name?: string })?.name === 'TransactionConflictException';

/** A movements cursor is the key of the last movement returned, of this product. */
function versionOf(key: Record<string, unknown>, pk: string): number {
  const sk = String(key.sk ?? '');
  const version = Number(sk.slice(MOVEMENT_SK_PREFIX.length));
  if (key.pk !== pk || !sk.startsWith(MOVEMENT_SK_PREFIX) || !Number.isInteger(version) || version < 1) {
    throw invalidCursor();
  }
  return version;
}
