import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { tableOf } from '#lib/catalogue/index.ts';
import { envelope } from '#lib/events/envelope.ts';
import { OUTBOX_INDEX_PK, OUTBOX_PREFIX, outboxItem } from '#lib/events/outbox/outbox.ts';
import { dummyCredentials, region } from '#local/aws.ts';
import { eventsLog } from '../test/support/events-log.ts';
import { runTag } from './fixtures.ts';
import type { Api } from './http.ts';
import { runClosedLoop } from './load.ts';
import type { MeterLog } from './meter-log.ts';
import { round } from './stats.ts';

export interface DrainResult {
  events: number;
  /** How long messaging was down after the last event was written. */
  faultSeconds: number;
  /** From clearing the fault until the last of the events had left the outbox. */
  drainMs: number | undefined;
  eventsPerSecond: number | undefined;
  /** Left in the outbox when the bench gave up waiting (0 when drained). */
  leftInOutbox: number;
  /** In the events log (what SNS delivered): each event once, or more. */
  delivered: { unique: number; duplicates: number; missing: number };
  /** Outbox rows each publisher removed after publishing, by the meter (`pricing-publish-handler`, the sweep). */
  publishedBy?: Record<string, number>;
}

const PUBLISHER_FNS = ['pricing-publish-handler', 'pricing-outbox-sweep'];

/**
 * A backlog after a messaging outage: messaging is made unavailable (`POST /__local/faults`), N
 * PriceChanged events are written into Pricing's outbox in the real outbox row shape (as a price change
 * writes them; N price changes through the API would take minutes), the fault is held a while and
 * cleared, and the outbox is watched until it is empty. The stream publisher and the sweeper both reach
 * for the rows; the events log says whether any was published twice.
 */
export async function drainBacklog(
  api: Api,
  endpoints: { dynamodb: string; messaging: string },
  meter?: MeterLog,
  events = Number(process.env.BENCH_DRAIN_EVENTS || 5000),
): Promise<DrainResult> {
  const faultSeconds = Number(process.env.BENCH_DRAIN_FAULT_SECONDS || 15);
  const client = new DynamoDBClient({ region, credentials: dummyCredentials, endpoint: endpoints.dynamodb });
  const db = DynamoDBDocumentClient.from(client);
  const TableName = tableOf('pricing').name;
  const idPrefix = `evt_drain_${runTag}_`;
  const ids = Array.from({ length: events }, (_, i) => `${idPrefix}${String(i).padStart(6, '0')}`);
  const fault = async (set: boolean) => {
    const answer = set
      ? await api.call('POST', '/__local/faults', { target: 'messaging', mode: 'unavailable' })
      : await api.call('DELETE', '/__local/faults');
    if (answer.status !== 200)
      throw new Error(`${set ? 'setting' : 'clearing'} the messaging fault: ${answer.status}`);
  };
  const pending = async (): Promise<number> => {
    let count = 0;
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new QueryCommand({
          TableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          FilterExpression: 'begins_with(pk, :ours)',
          ExpressionAttributeValues: { ':pk': OUTBOX_INDEX_PK, ':ours': `${OUTBOX_PREFIX}${idPrefix}` },
          Select: 'COUNT',
          ExclusiveStartKey,
        }),
      );
      count += page.Count ?? 0;
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return count;
  };

  const from = Date.now();
  let drainMs: number | undefined;
  let left = events;
  try {
    await fault(true);
    try {
      const rows = ids.map((id, i) => {
        const event = envelope(
          'PriceChanged',
          'pricing',
          {
            productId: `${runTag}-drain-${i}`,
            amount: 1000 + i,
            currency: 'BRL',
            listAmount: 1000 + i,
            promotionId: null,
            version: 1,
            effectiveAt: new Date().toISOString(),
            actor: 'client:bench',
          },
          `bench-drain-${runTag}`,
        );
        return outboxItem({ ...event, id });
      });
      await runClosedLoop(Math.ceil(rows.length / 25), 8, async (b) => {
        let batch: Record<string, unknown>[] = rows
          .slice(b * 25, b * 25 + 25)
          .map((Item) => ({ PutRequest: { Item } }));
        while (batch.length > 0) {
          const out = await db.send(new BatchWriteCommand({ RequestItems: { [TableName]: batch } }));
          batch = (out.UnprocessedItems?.[TableName] ?? []) as Record<string, unknown>[];
        }
      });
      await sleep(faultSeconds * 1000);
    } finally {
      await fault(false);
    }
    const cleared = performance.now();
    const deadline = cleared + Number(process.env.BENCH_DRAIN_TIMEOUT_SECONDS || 300) * 1000;
    while (performance.now() < deadline) {
      left = await pending();
      if (left === 0) {
        drainMs = round(performance.now() - cleared);
        break;
      }
      await sleep(500);
    }
  } finally {
    client.destroy();
  }

  const log = eventsLog({
    baseUrl: api.baseUrl,
    dynamodbEndpoint: endpoints.dynamodb,
    messagingEndpoint: endpoints.messaging,
  });
  await log.caughtUp('PriceChanged');
  const seen = new Map<string, number>();
  for (const e of await log.events('PriceChanged')) {
    const id = (e as { id?: unknown })?.id;
    if (typeof id === 'string' && id.startsWith(idPrefix)) seen.set(id, (seen.get(id) ?? 0) + 1);
  }
  const deliveries = [...seen.values()].reduce((s, n) => s + n, 0);
  let publishedBy: Record<string, number> | undefined;
  if (meter) {
    await meter.quiet({ from }).catch(() => undefined);
    publishedBy = {};
    for (const line of meter.since(from)) {
      if (
        line.ok &&
        line.op === 'DeleteItem' &&
        PUBLISHER_FNS.includes(line.fn) &&
        line.tables.includes(TableName)
      ) {
        publishedBy[line.fn] = (publishedBy[line.fn] ?? 0) + 1;
      }
    }
  }
  return {
    events,
    faultSeconds,
    drainMs,
    eventsPerSecond: drainMs ? round((events / drainMs) * 1000) : undefined,
    leftInOutbox: left,
    delivered: { unique: seen.size, duplicates: deliveries - seen.size, missing: events - seen.size },
    ...(publishedBy ? { publishedBy } : {}),
  };
}
