import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../dynamodb.ts';
import { MetricUnit, metrics, tracer } from '../../observability.ts';
import type { Envelope } from '../envelope.ts';
import { OUTBOX_PREFIX, type OutboxItem } from './outbox.ts';

const sns = tracer.captureAWSv3Client(new SNSClient({}));

/**
 * Publishes one outbox event to the service's topic, with `type` as a message attribute for the
 * subscriptions' filter policies, then removes the row. A crash between the two publishes again
 * later; consumers are idempotent, so at-least-once is safe and nothing is lost.
 */
export async function publishOutboxEvent(
  tableName: string,
  topicArn: string,
  event: Envelope,
): Promise<void> {
  await sns.send(
    new PublishCommand({
      TopicArn: topicArn,
      Message: JSON.stringify(event),
      MessageAttributes: {
        type: { DataType: 'String', StringValue: event.type },
        correlationId: { DataType: 'String', StringValue: event.correlationId },
      },
    }),
  );
  metrics.addMetric('EventsPublished', MetricUnit.Count, 1);
  await dynamo.send(
    new DeleteCommand({ TableName: tableName, Key: { pk: `${OUTBOX_PREFIX}${event.id}`, sk: 'EVENT' } }),
  );
}

export const isOutboxItem = (
  item: Record<string, unknown> | undefined,
): item is Record<string, unknown> & OutboxItem =>
  typeof item?.pk === 'string' && item.pk.startsWith(OUTBOX_PREFIX) && typeof item.envelope === 'object';
