import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { sdkClientOptions } from '../../aws-http-handler.ts';
import { withDeadline } from '../../deadline.ts';
import { dynamo } from '../../dynamodb/client.ts';
import { MetricUnit, metrics, tracer } from '../../observability.ts';
import type { Envelope } from '../envelope.ts';
import { OUTBOX_PREFIX, type OutboxItem, UNCLAIMED_PUBLISH_MS } from './outbox.ts';

const sns = tracer.captureAWSv3Client(new SNSClient(sdkClientOptions()));

/** How long a publisher holds the row it publishes; after a crash, the sweeper takes it over then. */
const CLAIM_MS = 30_000;

type Key = { pk: string; sk: 'EVENT' };

const publish = (topicArn: string, event: Envelope) =>
  sns.send(
    new PublishCommand({
      TopicArn: topicArn,
      Message: JSON.stringify(event),
      MessageAttributes: {
        type: { DataType: 'String', StringValue: event.type },
        correlationId: { DataType: 'String', StringValue: event.correlationId },
      },
    }),
  );

/**
 * Publishes one outbox event to the service's topic, with `type` as a message attribute for the
 * subscriptions' filter policies, then removes the row. The stream publisher and the sweeper both
 * reach for a row after an outage, so each first claims it: only one of them publishes. A row the
 * stream hands over young is published unclaimed, within a deadline that ends before the sweeper
 * may look at it (`UNCLAIMED_PUBLISH_MS`): one write per event fewer on the common path. A crash
 * between publish and delete publishes again once the claim lapses; consumers are idempotent, so
 * at-least-once is safe and nothing is lost. Answers whether this call published the event.
 */
export async function publishOutboxEvent(
  tableName: string,
  topicArn: string,
  event: Envelope,
  from: 'stream' | 'sweeper' = 'sweeper',
): Promise<boolean> {
  const Key: Key = { pk: `${OUTBOX_PREFIX}${event.id}`, sk: 'EVENT' };
  const unclaimedUntil = Date.parse(event.time) + UNCLAIMED_PUBLISH_MS;
  if (from === 'stream' && Date.now() < unclaimedUntil) {
    await withDeadline(unclaimedUntil, () => publish(topicArn, event));
    metrics.addMetric('EventsPublished', MetricUnit.Count, 1);
    await dynamo.send(new DeleteCommand({ TableName: tableName, Key }));
    return true;
  }
  const claimedUntil = Date.now() + CLAIM_MS;
  if (!(await claim(tableName, Key, claimedUntil))) return false;
  try {
    await publish(topicArn, event);
  } catch (error) {
    // The next attempt, from the stream's retry or the sweeper, may have it at once.
    await dynamo
      .send(
        new UpdateCommand({
          TableName: tableName,
          Key,
          UpdateExpression: 'REMOVE claimedUntil',
          ConditionExpression: 'claimedUntil = :mine',
          ExpressionAttributeValues: { ':mine': claimedUntil },
        }),
      )
      .catch(() => undefined);
    throw error;
  }
  metrics.addMetric('EventsPublished', MetricUnit.Count, 1);
  await dynamo.send(new DeleteCommand({ TableName: tableName, Key }));
  return true;
}

/** False when the row is gone (published) or another publisher holds it now. */
async function claim(tableName: string, Key: Key, until: number): Promise<boolean> {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName,
        Key,
        UpdateExpression: 'SET claimedUntil = :until',
        ConditionExpression:
          'attribute_exists(pk) AND (attribute_not_exists(claimedUntil) OR claimedUntil < :now)',
        ExpressionAttributeValues: { ':until': until, ':now': Date.now() },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

export const isOutboxItem = (
  item: Record<string, unknown> | undefined,
): item is Record<string, unknown> & OutboxItem =>
  typeof item?.pk === 'string' && item.pk.startsWith(OUTBOX_PREFIX) && typeof item.envelope === 'object';
