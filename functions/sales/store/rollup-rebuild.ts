import { randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { sleep } from '#lib/dynamodb/backoff.ts';
import { batchWrite } from '#lib/dynamodb/batch.ts';
import { mapConcurrently } from '#lib/map-concurrently.ts';
import { addOrderState, addReturnState, type PeriodRollup } from '../domain/rollup.ts';
import { generationId, type RollupPointer } from '../domain/rollup-generations.ts';
import { orderKey, RETURN_SK_PREFIX } from './keys.ts';
import { toOrder, toReturn } from './order-items.ts';
import {
  addClauses,
  addUpdate,
  clauseChunks,
  generationOfKey,
  itemsOfSum,
  POINTER_KEY,
  ROLLUP_PREFIX,
} from './rollup-items.ts';
import { POINTER_CACHE_MS, readPointer } from './rollup-store.ts';

/**
 * How far after the pointer is written the new generation starts. By then every consumer has read the
 * pointer again (POINTER_CACHE_MS) and finished any batch it began with the old one (an invocation
 * lasts at most 30 s), with a margin for the clocks of this machine and Lambda's.
 */
const START_DELAY_MS = POINTER_CACHE_MS + 30_000 + 10_000;
/**
 * How long after a change's timestamp it may still be written: an order takes its `createdAt` before
 * its transaction, within a request deadline of 20 s. The scan starts this long after the generation's
 * start, so it sees every change from before that start.
 */
const LATE_WRITE_MS = 60_000;
const SCAN_SEGMENTS = 4;
const WRITES_IN_FLIGHT = 16;

export interface RebuildOptions {
  /**
   * The table takes no writes meanwhile (a restored table, a test, the benchmark): start at once, and
   * write whole items instead of ADDs.
   */
  idle?: boolean;
  say?: (line: string) => void;
  /** For a test only: shorter waits than the ones a deployment needs. */
  timing?: { startDelayMs: number; lateWriteMs: number };
}

export interface RebuildOutcome {
  generation: string;
  since: string;
  previous: string;
  orders: number;
  returns: number;
  rollups: number;
  deleted: number;
}

/** Writes the pointer if it is still at `seen` (and, when given, still names `next` as the generation filled). */
async function movePointer(
  db: DynamoDBDocumentClient,
  table: string,
  pointer: RollupPointer,
  seen: RollupPointer,
) {
  try {
    await db.send(
      new PutCommand({
        TableName: table,
        Item: { ...POINTER_KEY, ...pointer },
        ConditionExpression: seen.version === 0 ? 'attribute_not_exists(pk) OR version = :v' : 'version = :v',
        ExpressionAttributeValues: { ':v': seen.version },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    throw new Error('another rebuild of the rollups changed the pointer meanwhile; this one stops');
  }
}

interface Scanned {
  orders: number;
  returns: number;
  rollups: Map<string, PeriodRollup>;
  rollupKeys: { pk: string; sk: string }[];
}

/** Every order and return of the table (strongly consistent), added up as they stand; and the rollup items there are. */
async function scanSales(db: DynamoDBDocumentClient, table: string, before: string): Promise<Scanned> {
  const scanned: Scanned = { orders: 0, returns: 0, rollups: new Map(), rollupKeys: [] };
  await Promise.all(
    Array.from({ length: SCAN_SEGMENTS }, async (_, segment) => {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new ScanCommand({
            TableName: table,
            ConsistentRead: true,
            Segment: segment,
            TotalSegments: SCAN_SEGMENTS,
            FilterExpression: 'begins_with(pk, :order) OR begins_with(pk, :rollup)',
            ExpressionAttributeValues: { ':order': 'ORDER#', ':rollup': ROLLUP_PREFIX },
            ExclusiveStartKey: start,
          }),
        );
        for (const item of page.Items ?? []) {
          const [pk, sk] = [String(item.pk), String(item.sk)];
          if (sk === orderKey('').sk) {
            scanned.orders++;
            addOrderState(scanned.rollups, toOrder(item), before);
          } else if (sk.startsWith(RETURN_SK_PREFIX)) {
            scanned.returns++;
            addReturnState(scanned.rollups, toReturn(item), before);
          } else if (generationOfKey(pk) !== undefined) {
            scanned.rollupKeys.push({ pk, sk });
          }
        }
        start = page.LastEvaluatedKey;
      } while (start);
    }),
  );
  return scanned;
}

/**
 * The rollups into the new generation: as ADDs, since the stream may be adding to the same items
 * meanwhile (a cancellation of an old order counts on that order's day); on an idle table, where it
 * does not, as whole items, 25 to a BatchWriteItem.
 */
async function writeRollups(
  db: DynamoDBDocumentClient,
  table: string,
  generation: string,
  rollups: Iterable<PeriodRollup>,
  idle: boolean,
) {
  const all = [...rollups].flatMap(({ granularity, start, sum }) =>
    itemsOfSum(generation, granularity, start, sum).map((item) => ({
      key: item.key,
      clauses: addClauses(item.sum),
    })),
  );
  if (idle) {
    const puts = all
      .filter(({ clauses }) => clauses.length > 0)
      .map(({ key, clauses }) => ({ put: { ...Object.fromEntries(clauses), ...key } }));
    const chunks = Array.from({ length: Math.ceil(puts.length / 250) }, (_, i) =>
      puts.slice(i * 250, (i + 1) * 250),
    );
    await mapConcurrently(chunks, WRITES_IN_FLIGHT / 2, (chunk) => batchWrite(db, table, chunk));
    return;
  }
  const updates = all.flatMap(({ key, clauses }) =>
    clauseChunks(clauses).map((chunk) => addUpdate(table, key, chunk)),
  );
  await mapConcurrently(updates, WRITES_IN_FLIGHT, (update) => db.send(new UpdateCommand(update)));
}

/**
 * Recomputes every rollup from the orders and returns in the table into a new generation and makes it
 * the one reports read; safe while orders arrive and to run again (each run builds its own generation).
 * 1. The pointer names the new generation, starting START_DELAY_MS from now: from that start on, the
 *    stream adds every change to it as well as to the current one.
 * 2. Past the start (and LATE_WRITE_MS, for changes dated before it but written after), a consistent
 *    scan adds up every change dated before the start into the new generation.
 * 3. The pointer makes it current; rollups of generations older than the one it replaces are deleted
 *    (the replaced one is kept until the next rebuild, for consumers still writing it from a cached pointer).
 */
export async function rebuildRollups(
  db: DynamoDBDocumentClient,
  table: string,
  options: RebuildOptions = {},
): Promise<RebuildOutcome> {
  const say = options.say ?? (() => {});
  const before = await readPointer(db, table, true);
  const generation = generationId(Date.now(), randomBytes(3).toString('hex'));
  const { startDelayMs, lateWriteMs } = options.timing ?? {
    startDelayMs: START_DELAY_MS,
    lateWriteMs: LATE_WRITE_MS,
  };
  const since = new Date(Date.now() + (options.idle ? 0 : startDelayMs)).toISOString();
  if (before.next) say(`replacing ${before.next.id}, a rebuild that did not finish`);
  const filling: RollupPointer = {
    current: before.current,
    next: { id: generation, since },
    version: before.version + 1,
  };
  await movePointer(db, table, filling, before);
  say(`rebuilding into ${generation}: the stream adds what happens from ${since} on`);
  if (!options.idle) {
    const until = Date.parse(since) + lateWriteMs;
    say(
      `waiting until ${new Date(until).toISOString()}, so that the scan sees every change dated before then`,
    );
    await sleep(until - Date.now());
  }
  const scanned = await scanSales(db, table, since);
  say(`scanned ${scanned.orders} orders and ${scanned.returns} returns into ${scanned.rollups.size} rollups`);
  await writeRollups(db, table, generation, scanned.rollups.values(), options.idle === true);
  await movePointer(db, table, { current: { id: generation, since }, version: filling.version + 1 }, filling);
  const keep = new Set([generation, before.current.id]);
  const stale = scanned.rollupKeys.filter((key) => !keep.has(generationOfKey(key.pk) ?? ''));
  await batchWrite(
    db,
    table,
    stale.map((key) => ({ delete: key })),
  );
  say(`reports now read ${generation}; deleted ${stale.length} rollups of older generations`);
  return {
    generation,
    since,
    previous: before.current.id,
    orders: scanned.orders,
    returns: scanned.returns,
    rollups: scanned.rollups.size,
    deleted: stale.length,
  };
}
