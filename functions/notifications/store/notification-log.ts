import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type {
  Claim,
  ClaimResult,
  NotificationLog,
  NotificationRecord,
  NotificationStatus,
  Settlement,
} from '../ports.ts';

/** One row per event that called for an e-mail: `NOTIFICATION#<eventId>` / `NOTIFICATION`. */
export const notificationKey = (eventId: string) => ({ pk: `NOTIFICATION#${eventId}`, sk: 'NOTIFICATION' });

/**
 * Kept for 35 days: longer than any delivery of the same event can come (SQS keeps a message 14 days
 * at most, its dead-letter queue 14 more), so a late duplicate still finds the record.
 */
export const RECORD_DAYS = 35;

type Item = Record<string, unknown>;

const toRecord = (item: Item): NotificationRecord => ({
  eventId: String(item.eventId),
  eventType: String(item.eventType),
  kind: item.kind as NotificationRecord['kind'],
  status: item.status as NotificationStatus,
  attempts: Number(item.attempts),
  recipient: String(item.recipient),
  updatedAt: String(item.updatedAt),
  ...(item.messageId === undefined ? {} : { messageId: String(item.messageId) }),
  ...(item.reason === undefined ? {} : { reason: String(item.reason) }),
});

/** The record of what Notifications sent, in its own table; never an address, only its hash. */
export class DynamoNotificationLog implements NotificationLog {
  readonly #db: DynamoDBDocumentClient;
  readonly tableName: string;

  constructor(db: DynamoDBDocumentClient, tableName: string) {
    this.#db = db;
    this.tableName = tableName;
  }

  async get(eventId: string): Promise<NotificationRecord | undefined> {
    const { Item } = await this.#db.send(
      new GetCommand({ TableName: this.tableName, Key: notificationKey(eventId), ConsistentRead: true }),
    );
    return Item ? toRecord(Item) : undefined;
  }

  async claim(claim: Claim): Promise<ClaimResult> {
    const ttl = Math.floor(Date.parse(claim.at) / 1000) + RECORD_DAYS * 86_400;
    try {
      const { Attributes } = await this.#db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: notificationKey(claim.eventId),
          UpdateExpression:
            'SET eventId = :eventId, eventType = :eventType, kind = :kind, #status = :sending, recipient = :recipient, updatedAt = :at, #ttl = if_not_exists(#ttl, :ttl) ADD attempts :one REMOVE reason',
          // A first claim, or a retry after an attempt that certainly sent nothing; nothing else.
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :failed',
          ExpressionAttributeNames: { '#status': 'status', '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':eventId': claim.eventId,
            ':eventType': claim.eventType,
            ':kind': claim.kind,
            ':sending': 'SENDING' satisfies NotificationStatus,
            ':failed': 'SEND_FAILED' satisfies NotificationStatus,
            ':recipient': claim.recipient,
            ':at': claim.at,
            ':ttl': ttl,
            ':one': 1,
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return { kind: 'claimed', attempt: Number(Attributes?.attempts) };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { kind: 'taken' };
      throw error;
    }
  }

  async settle(eventId: string, attempt: number, settlement: Settlement, at: string): Promise<void> {
    const detail =
      settlement.status === 'SENT'
        ? { name: 'messageId', value: settlement.messageId }
        : { name: 'reason', value: settlement.reason };
    try {
      await this.#db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: notificationKey(eventId),
          UpdateExpression: `SET #status = :status, updatedAt = :at, ${detail.name} = :detail`,
          // Only the attempt that holds the claim ends it.
          ConditionExpression: '#status = :sending AND attempts = :attempt',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': settlement.status,
            ':at': at,
            ':detail': detail.value,
            ':sending': 'SENDING' satisfies NotificationStatus,
            ':attempt': attempt,
          },
        }),
      );
    } catch (error) {
      // Another attempt owns the record now; its outcome is the one kept.
      if (error instanceof ConditionalCheckFailedException) return;
      throw error;
    }
  }
}
