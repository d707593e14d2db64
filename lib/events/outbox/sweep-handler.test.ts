import { randomBytes } from 'node:crypto';
import { CreateTopicCommand, DeleteTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createPrivateTable, type PrivateTable } from '#test/support/private-table.ts';
import { batchWrite } from '../../dynamodb/batch.ts';
import { dynamo } from '../../dynamodb/client.ts';
import { envelope } from '../envelope.ts';
import { OUTBOX_INDEX_PK, outboxItem } from './outbox.ts';

// The sweeper against the shared runtime's emulators, on a private table and topic. Its module reads
// its table and topic at import, so they are made first.
const sns = new SNSClient({});
let table: PrivateTable;
let topicArn: string;
let sweepOutbox: typeof import('./sweep-handler.ts').sweepOutbox;

beforeAll(async () => {
  table = await createPrivateTable('inventory');
  topicArn = (
    await sns.send(new CreateTopicCommand({ Name: `sweep-test-${randomBytes(4).toString('hex')}` }))
  ).TopicArn!;
  process.env.TABLE_NAME = table.name;
  process.env.EVENTS_TOPIC_ARN = topicArn;
  ({ sweepOutbox } = await import('./sweep-handler.ts'));
});

afterAll(async () => {
  await table.drop();
  await sns.send(new DeleteTopicCommand({ TopicArn: topicArn })).catch(() => undefined);
  sns.destroy();
});

/** `count` events stuck in the outbox since a minute ago: an SNS outage that has just ended. */
async function backlog(count: number): Promise<void> {
  const at = new Date(Date.now() - 60_000);
  const events = Array.from({ length: count }, (_, i) =>
    envelope(
      'StockLow',
      'inventory',
      { productId: `p${i}`, quantity: 1, reorderPoint: 2, reorderId: `r${i}` },
      'c',
      at,
    ),
  );
  await batchWrite(
    dynamo,
    table.name,
    events.map((event) => ({ put: { ...outboxItem(event) } })),
  );
}

const outboxLeft = async (): Promise<number> =>
  (
    await dynamo.send(
      new QueryCommand({
        TableName: table.name,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': OUTBOX_INDEX_PK },
        Select: 'COUNT',
      }),
    )
  ).Count ?? 0;

describe('outbox sweep', () => {
  it('drains a backlog of several pages in one run, not one page per tick', async () => {
    await backlog(250);

    const started = Date.now();
    const published = await sweepOutbox();
    console.info(`sweep drained ${published} events in ${Date.now() - started} ms`);

    expect(published).toBe(250);
    expect(await outboxLeft()).toBe(0);
  }, 60_000);

  it('stops starting pages when the invocation is out of time, and the next run goes on', async () => {
    await backlog(150);

    const first = await sweepOutbox(Date.now(), () => false);
    const second = await sweepOutbox();

    expect(first).toBe(100);
    expect(second).toBe(50);
    expect(await outboxLeft()).toBe(0);
  }, 60_000);

  it('leaves rows younger than the grace to the stream publisher', async () => {
    await backlog(3);
    const young = envelope(
      'StockLow',
      'inventory',
      { productId: 'y', quantity: 1, reorderPoint: 2, reorderId: 'y' },
      'c',
    );
    await batchWrite(dynamo, table.name, [{ put: { ...outboxItem(young) } }]);

    expect(await sweepOutbox()).toBe(3);
    expect(await outboxLeft()).toBe(1);
  });
});
