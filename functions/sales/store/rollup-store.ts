import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { queryPage } from '#lib/dynamodb/paginate.ts';
import { type Granularity, nextPeriodMs, periodCeilMs } from '../domain/periods.ts';
import type { Range } from '../domain/report-plan.ts';
import { addInto, type PeriodRollup, type RollupPart } from '../domain/rollup.ts';
import { FIRST_POINTER, generationsFor, type RollupPointer } from '../domain/rollup-generations.ts';
import type { RollupReader, RollupWriter } from '../ports.ts';
import { afterBuckets, POINTER_KEY, periodKey, toPeriodRollup } from './rollup-items.ts';
import { applyTargeted, type TargetedPart } from './rollup-writes.ts';

/**
 * How long the stream consumer trusts the pointer it read. A rebuild starts its generation later than
 * this after it wrote the pointer (`rollup-rebuild.ts`), so every change from that start on is written
 * by a consumer that knows the new generation. One read per 30 s per instance, not one per batch.
 */
export const POINTER_CACHE_MS = 30_000;

/** Which generation reports read and which one a rebuild fills (`domain/rollup-generations.ts`). */
export async function readPointer(
  db: DynamoDBDocumentClient,
  table: string,
  consistent: boolean,
): Promise<RollupPointer> {
  const { Item } = await db.send(
    new GetCommand({ TableName: table, Key: POINTER_KEY, ConsistentRead: consistent }),
  );
  if (!Item) return FIRST_POINTER;
  return {
    current: Item.current as RollupPointer['current'],
    ...(Item.next ? { next: Item.next as NonNullable<RollupPointer['next']> } : {}),
    version: Number(Item.version),
  };
}

/** The first and last period of each partition (all months, years of days, days of hours) in [from, to). */
function partitionsOf(granularity: Granularity, range: Range): { first: string; last: string }[] {
  const slices: { first: string; last: string; pk: string }[] = [];
  const to = Date.parse(range.to);
  for (let start = periodCeilMs(granularity, Date.parse(range.from)); ; ) {
    const next = nextPeriodMs(granularity, new Date(start).toISOString());
    if (next > to) break;
    const iso = new Date(start).toISOString();
    const { pk } = periodKey('', granularity, iso);
    const open = slices.at(-1);
    if (open?.pk === pk) open.last = iso;
    else slices.push({ first: iso, last: iso, pk });
    start = next;
  }
  return slices;
}

/** Every page of a query's items. */
async function queryAll(db: DynamoDBDocumentClient, input: Parameters<typeof queryPage>[1]) {
  const items: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryPage(db, input, 1_000, cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/**
 * The rollups of the Sales table (`rollup-items.ts` has their layout): read by the report, written by
 * the stream consumer (`handlers/roll-up-sales.ts`), rebuilt by `scripts/rebuild-rollups.ts`.
 */
export class RollupStore implements RollupReader, RollupWriter {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #pointerCacheMs: number;
  #pointer: { value: RollupPointer; readAt: number } | undefined;

  constructor(db: DynamoDBDocumentClient, table: string, options: { pointerCacheMs?: number } = {}) {
    this.#db = db;
    this.#table = table;
    this.#pointerCacheMs = options.pointerCacheMs ?? POINTER_CACHE_MS;
  }

  async currentGeneration(): Promise<string> {
    return (await readPointer(this.#db, this.#table, false)).current.id;
  }

  async rollups(generation: string, granularity: Granularity, range: Range): Promise<PeriodRollup[]> {
    const slices = await Promise.all(
      partitionsOf(granularity, range).map(async ({ first, last }) => {
        const from = periodKey(generation, granularity, first);
        const to = afterBuckets(periodKey(generation, granularity, last).sk);
        const items = await queryAll(this.#db, {
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': from.pk, ':from': from.sk, ':to': to },
        });
        return items.map((item) => toPeriodRollup(granularity, item));
      }),
    );
    // A period comes in buckets: one rollup of it, their sum.
    const periods = new Map<string, PeriodRollup>();
    for (const rollup of slices.flat()) {
      const same = periods.get(rollup.start);
      if (same) addInto(same.sum, rollup.sum);
      else periods.set(rollup.start, rollup);
    }
    return [...periods.values()];
  }

  /** The pointer, read again (strongly) once it is older than the cache allows; read before each use. */
  async #currentPointer(): Promise<RollupPointer> {
    const now = Date.now();
    if (!this.#pointer || now - this.#pointer.readAt >= this.#pointerCacheMs) {
      this.#pointer = { value: await readPointer(this.#db, this.#table, true), readAt: now };
    }
    return this.#pointer.value;
  }

  async apply(parts: readonly RollupPart[]) {
    const pointer = await this.#currentPointer();
    const seen = new Set<string>();
    const targets: TargetedPart[] = [];
    parts.forEach((part, index) => {
      // The same change twice in one batch is one change (and one marker: a transaction names an item once).
      if (seen.has(part.id)) return;
      seen.add(part.id);
      const generations = generationsFor(part, pointer);
      if (generations.length > 0) targets.push({ part, generations, index });
    });
    return applyTargeted(this.#db, this.#table, targets);
  }
}
