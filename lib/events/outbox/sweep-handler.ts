import { required } from '../../config.ts';
import { dynamo } from '../../dynamodb/client.ts';
import { queryPage } from '../../dynamodb/paginate.ts';
import { instrumented } from '../../instrumented.ts';
import { logger, MetricUnit, metrics } from '../../observability.ts';
import { OUTBOX_AGE_METRIC, OUTBOX_INDEX_PK } from './outbox.ts';
import { isOutboxItem, publishOutboxEvent } from './publisher.ts';

const tableName = required('TABLE_NAME');
const topicArn = required('EVENTS_TOPIC_ARN');

/** Rows younger than this are left to the stream publisher, which normally takes them in milliseconds. */
const GRACE_MS = 10_000;
const SWEEP_PAGE = 100;

/**
 * Republishes outbox rows the stream publisher did not remove: after a crash between publish and
 * delete, a stream outage, or events written while the local runtime was stopped. It also reports the
 * age of the oldest unpublished event, which an alarm watches.
 */
export async function sweepOutbox(now = Date.now()): Promise<number> {
  const cutoff = new Date(now - GRACE_MS).toISOString();
  // Oldest first; a backlog beyond one page waits for the next sweep.
  const { items } = await queryPage(
    dynamo,
    {
      TableName: tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': OUTBOX_INDEX_PK },
    },
    SWEEP_PAGE,
    undefined,
  );
  const outbox = items.filter(isOutboxItem);
  const oldest = outbox[0]?.envelope.time;
  metrics.addMetric(
    OUTBOX_AGE_METRIC.metricName,
    MetricUnit.Seconds,
    oldest ? Math.max(0, (now - Date.parse(oldest)) / 1000) : 0,
  );
  let published = 0;
  for (const item of outbox) {
    if (item.gsi1sk > cutoff) continue;
    if (await publishOutboxEvent(tableName, topicArn, item.envelope)) published++;
  }
  if (published > 0) logger.warn('outbox sweep republished events', { published });
  return published;
}

export const handler = instrumented(async () => {
  await sweepOutbox();
});
