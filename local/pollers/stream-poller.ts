import { setTimeout as sleep } from 'node:timers/promises';
import {
  type _Record,
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import type { StreamConsumerDef } from '#lib/catalogue/index.ts';
import { functionNameOf, type LambdaHost } from '#local/lambda/host.ts';
import { log } from '#local/log.ts';
import { recordOutcome, type SourceStatus } from '#local/status.ts';
import type { Poller } from './poller.ts';
import { retryFrom, toStreamEvent } from './stream-event.ts';
import { matchesFilter } from './stream-filter.ts';

/** Lambda polls a stream shard about four times a second. */
const IDLE_POLL_MS = 250;
/** Records read per GetRecords call; what matches is then cut into the consumer's batches. */
const READ_LIMIT = 100;
const DISCOVERY_MS = 2_000;
const MAX_BACKOFF_MS = 10_000;
const TIMEOUT_MS = 30_000;

/**
 * The DynamoDB stream event source mapping of one stream consumer: reads every shard of its table's
 * stream in order, new shards included, starting at LATEST (the outbox sweeper covers what was written
 * while the runtime was down), delivers only the records its filter selects, in batches of its
 * batch size (gathered for up to its batching window), and retries a failed batch with backoff until it succeeds, holding the shard meanwhile,
 * as Lambda does. Records filtered out are passed over without an invocation. Consumers of one table
 * each run their own poller, so one's failures never hold up another.
 * Resolves once it holds a position at the end of every open shard.
 */
export async function startStreamPoller(options: {
  streams: DynamoDBStreamsClient;
  host: LambdaHost;
  consumer: StreamConsumerDef;
  streamArn: string;
  status: SourceStatus;
}): Promise<Poller> {
  const { streams, host, consumer, streamArn, status } = options;
  const abort = new AbortController();
  const { signal } = abort;
  const functionName = functionNameOf(consumer.service, consumer.handler);
  const finished = new Map<string, Promise<void>>();

  const pause = (ms: number) => sleep(ms, undefined, { signal }).catch(() => undefined);

  const deliver = async (records: _Record[]): Promise<void> => {
    let pending = records;
    for (let attempt = 1; pending.length > 0 && !signal.aborted; attempt++) {
      const outcome = await host.invoke(consumer.service, {
        handler: consumer.handler,
        functionName,
        timeoutMs: TIMEOUT_MS,
        event: toStreamEvent(pending, streamArn),
      });
      const from = outcome.ok ? retryFrom(outcome.result, pending) : 0;
      recordOutcome(status, outcome, {
        failed: from !== undefined,
        describe: (reason) =>
          `${consumer.name}: ${functionName} failed on ${pending.length - (from ?? 0)} record(s) of the ${consumer.table} stream (${reason}); retrying`,
      });
      if (from === undefined) return;
      pending = pending.slice(from);
      await pause(Math.min(500 * 2 ** (attempt - 1), MAX_BACKOFF_MS));
    }
  };

  const iterator = async (shardId: string, type: ShardIteratorType, after?: string) =>
    (
      await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shardId,
          ShardIteratorType: after ? 'AFTER_SEQUENCE_NUMBER' : type,
          SequenceNumber: after,
        }),
      )
    ).ShardIterator;

  const windowMs = (consumer.batchingWindowSeconds ?? 0) * 1000;

  const readShard = async (shard: Shard, from: ShardIteratorType, first?: string): Promise<void> => {
    const parent = shard.ParentShardId ? finished.get(shard.ParentShardId) : undefined;
    if (parent) await parent; // Records of a key are in order only if the parent is read first.
    const shardId = shard.ShardId!;
    /** The last record handed over (or passed over by the filter): a new iterator starts after it. */
    let last: string | undefined;
    let position: string | undefined = first;
    let start = from;
    /** Selected records waiting for a full batch or the end of the batching window. */
    let buffered: _Record[] = [];
    let bufferedSince = 0;
    /** The last record read, selected or not. */
    let read: string | undefined;

    const flush = async (all: boolean) => {
      while (!signal.aborted && buffered.length > 0) {
        const full = buffered.length >= consumer.batchSize;
        if (!full && !all && Date.now() - bufferedSince < windowMs) return;
        const batch = buffered.slice(0, consumer.batchSize);
        await deliver(batch);
        if (signal.aborted) return;
        buffered = buffered.slice(batch.length);
        last = batch.at(-1)?.dynamodb?.SequenceNumber ?? last;
      }
      // Past the records filtered out too: the shard moves on even when nothing was delivered.
      if (buffered.length === 0) last = read ?? last;
    };

    while (!signal.aborted) {
      try {
        position ??= await iterator(shardId, start, last);
        if (!position) return;
        const page = await streams.send(
          new GetRecordsCommand({ ShardIterator: position, Limit: READ_LIMIT }),
          {
            abortSignal: signal,
          },
        );
        const records = page.Records ?? [];
        if (records.length > 0) {
          const selected = records.filter((record) => matchesFilter(record, consumer.filter));
          if (buffered.length === 0) bufferedSince = Date.now();
          buffered.push(...selected);
          read = records.at(-1)?.dynamodb?.SequenceNumber ?? read;
        }
        position = page.NextShardIterator;
        await flush(!position); // A closed shard hands over what it holds: no record comes after.
        if (signal.aborted || !position) return;
        if (records.length === 0) await pause(IDLE_POLL_MS);
      } catch (error) {
        if (signal.aborted) return;
        // An expired iterator is replaced, after the last record delivered; what was held is read again.
        position = undefined;
        buffered = [];
        read = last;
        if ((error as Error).name === 'TrimmedDataAccessException' && last === undefined) {
          // DynamoDB Local's quirk: a LATEST position taken on an empty shard fails once the first
          // record arrives. The shard was empty when we started, so its start is "since start".
          start = 'TRIM_HORIZON';
          continue;
        }
        log.debug(
          `${consumer.name}: reading shard ${shardId} of the ${consumer.table} stream failed; resuming`,
          error,
        );
        await pause(1000);
      }
    }
  };

  const listShards = async (): Promise<Shard[]> => {
    const shards: Shard[] = [];
    let ExclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId }),
        { abortSignal: signal },
      );
      shards.push(...(StreamDescription?.Shards ?? []));
      ExclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (ExclusiveStartShardId);
    return shards;
  };

  const discover = async (initial: boolean): Promise<void> => {
    for (const shard of await listShards()) {
      const id = shard.ShardId!;
      if (finished.has(id)) continue;
      const closed = shard.SequenceNumberRange?.EndingSequenceNumber !== undefined;
      if (!initial) {
        finished.set(id, readShard(shard, 'TRIM_HORIZON'));
      } else if (closed) {
        finished.set(id, Promise.resolve());
      } else {
        // At start only open shards are followed, from their end; a shard born later is read whole.
        // The position is taken now, so whatever is written once the runtime is up is seen.
        const first = await iterator(id, 'LATEST');
        finished.set(id, readShard(shard, 'LATEST', first));
      }
    }
  };

  await discover(true);
  const loop = (async () => {
    while (!signal.aborted) {
      await pause(DISCOVERY_MS);
      if (signal.aborted) break;
      await discover(false).catch((error) => {
        if (!signal.aborted) {
          log.debug(`${consumer.name}: listing the shards of the ${consumer.table} stream failed`, error);
        }
      });
    }
    await Promise.all(finished.values());
  })();

  return {
    stop: async () => {
      abort.abort();
      await loop;
    },
  };
}
