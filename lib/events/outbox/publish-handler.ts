import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { required } from '../../config.ts';
import { instrumented } from '../../instrumented.ts';
import { logger } from '../../observability.ts';
import { isOutboxItem, publishOutboxEvent } from './publisher.ts';

const tableName = required('TABLE_NAME');
const topicArn = required('EVENTS_TOPIC_ARN');
const processor = new BatchProcessor(EventType.DynamoDBStreams);

/** Stream records of new outbox rows → SNS. Other inserts and every modify/remove are ignored. */
async function publishRecord(record: DynamoDBRecord): Promise<void> {
  if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) return;
  const item = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
  if (!isOutboxItem(item)) return;
  logger.appendKeys({ correlationId: item.envelope.correlationId });
  await publishOutboxEvent(tableName, topicArn, item.envelope, 'stream');
}

export const handler = instrumented((event: DynamoDBStreamEvent, context: Context) =>
  processPartialResponse(event, publishRecord, processor, { context }),
);
