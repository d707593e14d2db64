import { required } from '../../config.ts';
import { remainingMs } from '../../deadline.ts';
import { dynamo } from '../../dynamodb/client.ts';
import { queryPage } from '../../dynamodb/paginate.ts';
import { instrumented } from '../../instrumented.ts';
import { mapConcurrently } from '../../map-concurrently.ts';
import { logger, MetricUnit, metrics } from '../../observability.ts';
import { OUTBOX_AGE_METRIC, OUTBOX_INDEX_PK, SWEEP_GRACE_MS } from './outbox.ts';
import { isOutboxItem, publishOutboxEvent } from './publisher.ts';

const tableName = required('TABLE_NAME');
const topicArn = required('EVENTS_TOPIC_ARN');

const SWEEP_PAGE = 100;
/** Publishes in flight at once while draining a backlog. */
const PUBLISH_CONCURRENCY = 10;
/** A page is started only with this much of the invocation left, so the last one finishes in time. */
const PAGE_RESERVE_MS = 2_000;

/**
 * Republishes outbox rows the stream publisher did not remove: after a crash between publish and
 * delete, a stream outage, or events written while the local runtime was stopped. A backlog drains
 * at full speed: page after page, oldest first, until it is gone or the invocation's time is nearly
 * spent (not one page per tick). Each row is claimed before it is published, so the stream publisher
 * and the sweeper never both publish it. It also reports the age of the oldest unpublished event,
 * which an alarm watches.
 */
export async function sweepOutbox(
  now = Date.now(),
  hasTime: () => boolean = () => remainingMs() > PAGE_RESERVE_MS,
): Promise<number> {
  const cutoff = new Date(now - SWEEP_GRACE_MS).toISOString();
  let published = 0;
  let cursor: string | undefined;
  let first = true;
  do {
    const page = await queryPage(
      dynamo,
      {
        TableName: tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': OUTBOX_INDEX_PK },
      },
      SWEEP_PAGE,
      cursor,
    );
    const outbox = page.items.filter(isOutboxItem);
    if (first) {
      const oldest = outbox[0]?.envelope.time;
      metrics.addMetric(
        OUTBOX_AGE_METRIC.metricName,
        MetricUnit.Seconds,
        oldest ? Math.max(0, (now - Date.parse(oldest)) / 1000) : 0,
      );
      first = false;
    }
    const due = outbox.filter((item) => item.gsi1sk <= cutoff);
    const results = await mapConcurrently(due, PUBLISH_CONCURRENCY, (item) =>
      publishOutboxEvent(tableName, topicArn, item.envelope),
    );
    published += results.filter(Boolean).length;
    // Oldest first: once a row is within the grace, so is every row after it.
    if (due.length < outbox.length) break;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && hasTime());
  if (published > 0) logger.warn('outbox sweep republished events', { published });
  return published;
}
export const handler = instrumented(async () => {
  await sweepOutbox();
});
