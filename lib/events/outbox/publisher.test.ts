import { randomBytes } from 'node:crypto';
import { CreateTopicCommand, DeleteTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { jest } from '@jest/globals';
import { createPrivateTable, type PrivateTable } from '#test/support/private-table.ts';
import { dynamo } from '../../dynamodb/client.ts';
import { envelope } from '../envelope.ts';
import { outboxItem } from './outbox.ts';
import { publishOutboxEvent } from './publisher.ts';

// Against the emulators of the shared local runtime: a private table, topic and queue.
const suffix = randomBytes(4).toString('hex');
let table: PrivateTable;
const sns = new SNSClient({});
// An explicit endpoint keeps the SDK from sending requests to the host inside a queue URL.
const sqs = new SQSClient({ endpoint: process.env.AWS_ENDPOINT_URL_SQS });
let topicArn: string;
let queueUrl: string;

beforeAll(async () => {
  table = await createPrivateTable('inventory');
  topicArn = (await sns.send(new CreateTopicCommand({ Name: `outbox-test-${suffix}` }))).TopicArn!;
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `outbox-test-${suffix}` }))).QueueUrl!;
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  await sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: Attributes!.QueueArn,
      Attributes: { RawMessageDelivery: 'true' },
    }),
  );
});

afterAll(async () => {
  await table.drop();
  await sns.send(new DeleteTopicCommand({ TopicArn: topicArn })).catch(() => undefined);
  await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl })).catch(() => undefined);
  for (const client of [sns, sqs]) client.destroy();
});

const storedEvent = async (at = new Date()) => {
  const event = envelope(
    'StockLow',
    'inventory',
    { productId: 'p1', quantity: 1, reorderPoint: 2, reorderId: 'r1' },
    'c1',
    at,
  );
  await dynamo.send(new PutCommand({ TableName: table.name, Item: outboxItem(event) }));
  return event;
};

const rowOf = async (id: string) =>
  (await dynamo.send(new GetCommand({ TableName: table.name, Key: { pk: `OUTBOX#${id}`, sk: 'EVENT' } })))
    .Item;

/** Every message the queue holds now, each read once (they stay hidden for 30 s). */
async function drain(): Promise<string[]> {
  const ids: string[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        VisibilityTimeout: 30,
      }),
    );
    if (Messages.length === 0) return ids;
    ids.push(...Messages.map((m) => JSON.parse(m.Body!).id as string));
  }
}

describe('publishOutboxEvent', () => {
  it('publishes a row once when the stream publisher and the sweeper reach for it together', async () => {
    const event = await storedEvent();

    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => publishOutboxEvent(table.name, topicArn, event)),
    );

    expect(await drain()).toEqual([event.id]);
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect(await rowOf(event.id)).toBeUndefined();
    expect(await publishOutboxEvent(table.name, topicArn, event)).toBe(false);
  });

  it('publishes a young row handed over by the stream without claiming it: one write, the delete', async () => {
    const event = await storedEvent();
    const writes: string[] = [];
    const send = dynamo.send.bind(dynamo);
    const spy = jest.spyOn(dynamo, 'send').mockImplementation(((command: {
      constructor: { name: string };
    }) => {
      writes.push(command.constructor.name);
      return send(command as never);
    }) as never);

    try {
      expect(await publishOutboxEvent(table.name, topicArn, event, 'stream')).toBe(true);
    } finally {
      spy.mockRestore();
    }

    expect(writes).toEqual(['DeleteCommand']);
    expect(await drain()).toEqual([event.id]);
    expect(await rowOf(event.id)).toBeUndefined();
  });

  it('claims a row the stream hands over once the sweeper may reach for it too, and publishes it once', async () => {
    const event = await storedEvent(new Date(Date.now() - 60_000));

    const outcomes = await Promise.all([
      publishOutboxEvent(table.name, topicArn, event, 'stream'),
      publishOutboxEvent(table.name, topicArn, event, 'sweeper'),
      publishOutboxEvent(table.name, topicArn, event, 'sweeper'),
    ]);

    expect(await drain()).toEqual([event.id]);
    expect(outcomes.filter(Boolean)).toHaveLength(1);
  });

  it('leaves a row it could not publish to the next attempt at once', async () => {
    const event = await storedEvent();

    await expect(publishOutboxEvent(table.name, `${topicArn}-missing`, event)).rejects.toThrow();
    expect(await rowOf(event.id)).toMatchObject({ envelope: { id: event.id } });
    const published = await publishOutboxEvent(table.name, topicArn, event);

    expect(published).toBe(true);
    expect(await drain()).toEqual([event.id]);
  });
});
