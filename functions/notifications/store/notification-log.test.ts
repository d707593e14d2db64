import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#lib/dynamodb/client.ts';
import { createPrivateTable, type PrivateTable } from '#test/support/private-table.ts';
import { DynamoNotificationLog, notificationKey, RECORD_DAYS } from './notification-log.ts';

// On a private copy of Notifications' table on the test DynamoDB Local.
let table: PrivateTable;
let log: DynamoNotificationLog;
beforeAll(async () => {
  table = await createPrivateTable('notifications');
  log = new DynamoNotificationLog(dynamo, table.name);
});
afterAll(async () => {
  await table.drop();
});

let n = 0;
const claimOf = (eventId: string) => ({
  eventId,
  eventType: 'OrderConfirmed',
  kind: 'receipt' as const,
  recipient: 'sha256:0123456789abcdef',
  at: '2025-03-01T12:00:00.000Z',
});
const newEvent = () => `evt-${Date.now()}-${n++}`;

describe('the sent-mail record', () => {
  it('claims an event once: a second claim while SENDING or after SENT is taken', async () => {
    const eventId = newEvent();

    const first = await log.claim(claimOf(eventId));
    const racing = await log.claim(claimOf(eventId));
    await log.settle(eventId, 1, { status: 'SENT', messageId: 'm-1' }, '2025-03-01T12:00:01.000Z');
    const afterSent = await log.claim(claimOf(eventId));

    expect(first).toEqual({ kind: 'claimed', attempt: 1 });
    expect(racing).toEqual({ kind: 'taken' });
    expect(afterSent).toEqual({ kind: 'taken' });
    expect(await log.get(eventId)).toEqual({
      eventId,
      eventType: 'OrderConfirmed',
      kind: 'receipt',
      status: 'SENT',
      attempts: 1,
      recipient: 'sha256:0123456789abcdef',
      updatedAt: '2025-03-01T12:00:01.000Z',
      messageId: 'm-1',
    });
  });

  it('lets a claim through after SEND_FAILED, counting the attempt, but never after FAILED_ADDRESS', async () => {
    const retried = newEvent();
    const rejected = newEvent();

    await log.claim(claimOf(retried));
    await log.settle(retried, 1, { status: 'SEND_FAILED', reason: 'throttled' }, '2025-03-01T12:00:01.000Z');
    const second = await log.claim(claimOf(retried));
    await log.claim(claimOf(rejected));
    await log.settle(rejected, 1, { status: 'FAILED_ADDRESS', reason: 'bad' }, '2025-03-01T12:00:01.000Z');

    expect(second).toEqual({ kind: 'claimed', attempt: 2 });
    expect(await log.get(retried)).toMatchObject({ status: 'SENDING', attempts: 2 });
    expect((await log.get(retried))?.reason).toBeUndefined();
    expect(await log.claim(claimOf(rejected))).toEqual({ kind: 'taken' });
    expect(await log.get(rejected)).toMatchObject({ status: 'FAILED_ADDRESS', reason: 'bad' });
  });

  it('ignores the settlement of an attempt that no longer holds the claim', async () => {
    const eventId = newEvent();
    await log.claim(claimOf(eventId));
    await log.settle(eventId, 1, { status: 'SEND_FAILED', reason: 'x' }, '2025-03-01T12:00:01.000Z');
    await log.claim(claimOf(eventId));

    await log.settle(eventId, 1, { status: 'SENT', messageId: 'late' }, '2025-03-01T12:00:02.000Z');

    expect(await log.get(eventId)).toMatchObject({ status: 'SENDING', attempts: 2 });
  });

  it('expires the record after the delivery window, from the first claim', async () => {
    const eventId = newEvent();
    await log.claim(claimOf(eventId));
    await log.settle(eventId, 1, { status: 'SEND_FAILED', reason: 'x' }, '2025-03-01T12:00:01.000Z');
    await log.claim({ ...claimOf(eventId), at: '2025-03-02T12:00:00.000Z' });

    const { Item } = await dynamo.send(
      new GetCommand({ TableName: table.name, Key: notificationKey(eventId), ConsistentRead: true }),
    );
    expect(Item?.ttl).toBe(Date.parse('2025-03-01T12:00:00.000Z') / 1000 + RECORD_DAYS * 86_400);
    expect(JSON.stringify(Item)).not.toContain('@');
  });
});
