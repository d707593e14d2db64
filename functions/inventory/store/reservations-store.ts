import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { queryPage } from '#lib/dynamodb/paginate.ts';
import { failedAt, transactWrite } from '#lib/dynamodb/transact.ts';
import type { Page } from '#lib/pagination.ts';
import type { Reservation } from '../domain/reservation.ts';
import type {
  CommitResult,
  MarkReleasedResult,
  ProductChange,
  ReservationStore,
  ReserveResult,
  StatusTransition,
  TransitionResult,
} from '../ports.ts';
import { getItem } from './get-item.ts';
import { toReservation } from './items.ts';
import {
  ACTIVE_RESERVATIONS_PK,
  activeReservationSk,
  RELEASED_TOMBSTONE_SECONDS,
  releasedKey,
  reservationKey,
} from './keys.ts';
import { withMovements, writeAfter } from './movement-rows.ts';
import { stockUpdate } from './stock-update.ts';
import {
  conditionFailed,
  isTransactionConflict,
  unexpectedCancellation,
  worthRetrying,
} from './transaction-outcome.ts';

/**
 * Reservations on the inventory table. Every write that takes or gives back stock does so in the same
 * transaction as the status it depends on, so stock moves exactly when the reservation does.
 */
export class DynamoReservationStore implements ReservationStore {
  readonly tableName: string;
  private readonly db: DynamoDBDocumentClient;

  constructor(db: DynamoDBDocumentClient, tableName: string) {
    this.db = db;
    this.tableName = tableName;
  }

  async getReservation(reservationId: string): Promise<Reservation | undefined> {
    const item = await getItem(this.db, this.tableName, reservationKey(reservationId));
    return item ? toReservation(item) : undefined;
  }

  /** The sparse expiry index lists only ACTIVE reservations, by expiresAt. */
  async dueReservations(now: Date, limit: number, cursor?: string): Promise<Page<Reservation>> {
    const page = await queryPage(
      this.db,
      {
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :due',
        ExpressionAttributeValues: {
          ':pk': ACTIVE_RESERVATIONS_PK,
          // '#' sorts after every character of an ISO timestamp's prefix, '~' after every id character.
          ':due': `${now.toISOString()}#~`,
        },
      },
      limit,
      cursor,
    );
    return { items: page.items.map(toReservation), nextCursor: page.nextCursor };
  }

  /**
   * ONE transaction: per line the product update (lines 0..n-1), the reservation put (n), the check
   * of its release tombstone (n+1), then the lines' pending movement rows. Which element failed says why.
   */
  async reserve(reservation: Reservation, changes: ProductChange[]): Promise<ReserveResult> {
    const { items, after } = withMovements(
      this.tableName,
      [
        ...changes.map((change) => ({ Update: stockUpdate(this.tableName, change) })),
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
      ],
      changes,
    );
    const result = await transactWrite(this.db, items);
    if (result.ok) {
      await writeAfter(this.db, this.tableName, after);
      return { kind: 'ok' };
    }
    if (failedAt(result, changes.length + 1)) return { kind: 'released' };
    if (failedAt(result, changes.length)) return { kind: 'exists' };
    if (conditionFailed(result)) return { kind: 'stock_refused' };
    if (worthRetrying(result)) return { kind: 'retry' };
    throw unexpectedCancellation('a reservation', result);
  }

  /**
   * One conditional write, no transaction: it moves no stock. The failed condition hands back the
   * reservation as it stands, so a second commit (Sales' call, then its OrderConfirmed) costs this one
   * request and no read.
   */
  async commit(reservationId: string, at: string): Promise<CommitResult> {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          ...statusUpdate({ reservationId, from: ['ACTIVE'], to: 'COMMITTED', at }, this.tableName),
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { kind: 'ok', reservation: toReservation(Attributes ?? {}) };
    } catch (error) {
      if (isTransactionConflict(error)) return { kind: 'retry' };
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      if (!error.Item) return { kind: 'not_found' };
      return { kind: 'not_active', reservation: toReservation(unmarshall(error.Item as never)) };
    }
  }

  /**
   * The status update comes first (element 0); the stock increments after it have no way to fail, and
   * their pending movement rows follow. With no stock to give back, a plain conditional write.
   */
  async transition(transition: StatusTransition, changes: ProductChange[] = []): Promise<TransitionResult> {
    const status = statusUpdate(transition, this.tableName);
    if (changes.length === 0) {
      try {
        await this.db.send(new UpdateCommand(status));
        return { kind: 'ok' };
      } catch (error) {
        if (isTransactionConflict(error)) return { kind: 'retry' };
        if (error instanceof ConditionalCheckFailedException) return { kind: 'status_moved' };
        throw error;
      }
    }
    const { items, after } = withMovements(
      this.tableName,
      [{ Update: status }, ...changes.map((change) => ({ Update: stockUpdate(this.tableName, change) }))],
      changes,
    );
    const result = await transactWrite(this.db, items);
    if (result.ok) {
      await writeAfter(this.db, this.tableName, after);
      return { kind: 'ok' };
    }
    if (failedAt(result, 0)) return { kind: 'status_moved' };
    if (worthRetrying(result)) return { kind: 'retry' };
    throw unexpectedCancellation('a stock increment', result);
  }

  /**
   * A tombstone apart from the reservation's own key (which a create requires free), written only
   * while no reservation of that id exists; DynamoDB's TTL removes it once no create can be in flight.
   */
  async markReleased(reservationId: string, now: Date): Promise<MarkReleasedResult> {
    const result = await transactWrite(this.db, [
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
    if (result.ok) return { kind: 'ok' };
    if (failedAt(result, 0)) return { kind: 'exists' };
    if (worthRetrying(result)) return { kind: 'retry' };
    throw unexpectedCancellation('a release tombstone', result);
  }
}

/** A status move, only from one of `from`. Leaving ACTIVE also leaves the expiry index, so the sweep never sees it again. */
function statusUpdate(transition: StatusTransition, tableName: string) {
  const from = Object.fromEntries(transition.from.map((s, i) => [`:from${i}`, s]));
  return {
    TableName: tableName,
    Key: reservationKey(transition.reservationId),
    UpdateExpression: 'SET #status = :to, updatedAt = :at REMOVE gsi1pk, gsi1sk',
    ConditionExpression: `attribute_exists(pk) AND #status IN (${Object.keys(from).join(', ')})`,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':to': transition.to, ':at': transition.at, ...from },
  };
}
