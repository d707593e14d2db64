import type { EventTypeName } from '../../../events/schemas.ts';
import type { Envelope } from '../envelope.ts';

/** The sweeper's gauge of the oldest unpublished event; an alarm in cdk/ watches it. */
export const OUTBOX_AGE_METRIC = { namespace: 'RetailSuite', metricName: 'OutboxOldestAgeSeconds' } as const;

/**
 * The sweeper leaves rows younger than this to the stream publisher, which normally takes them in
 * milliseconds (`sweep-handler.ts`).
 */
export const SWEEP_GRACE_MS = 10_000;

/**
 * The stream publisher publishes a row younger than this without claiming it first, and its publish
 * must end before the row is `SWEEP_GRACE_MS` old: the sweeper cannot reach for it meanwhile, so
 * the claim (a write per event) would guard against nobody. Half the grace is kept for clock skew.
 */
export const UNCLAIMED_PUBLISH_MS = SWEEP_GRACE_MS / 2;

/** Outbox items live in the service's own table under this partition-key prefix. */
export const OUTBOX_PREFIX = 'OUTBOX#';
export const OUTBOX_INDEX_PK = 'OUTBOX';
const KEEP_SECONDS = 7 * 24 * 3600;

export interface OutboxItem {
  pk: string;
  sk: 'EVENT';
  gsi1pk: typeof OUTBOX_INDEX_PK;
  gsi1sk: string;
  envelope: Envelope;
  ttl: number;
}

/**
 * The outbox row for an event. It is written in the same transaction as the state change it
 * announces; the table's stream then publishes it, and the sweeper republishes whatever the stream
 * publisher did not get to. So an event exists exactly when its change does.
 */
export function outboxItem<T extends EventTypeName>(event: Envelope<T>): OutboxItem {
  return {
    pk: `${OUTBOX_PREFIX}${event.id}`,
    sk: 'EVENT',
    gsi1pk: OUTBOX_INDEX_PK,
    gsi1sk: `${event.time}#${event.id}`,
    envelope: event as Envelope,
    ttl: Math.floor(Date.parse(event.time) / 1000) + KEEP_SECONDS,
  };
}

/** A `TransactWriteItems` element that stores the event beside its state change. */
export const outboxPut = (tableName: string, event: Envelope) => ({
  Put: { TableName: tableName, Item: outboxItem(event), ConditionExpression: 'attribute_not_exists(pk)' },
});
