import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backoffDelay, RETRY_BUDGET_MS, retryBudget, sleep } from '#lib/dynamodb/backoff.ts';
import { failedAt, type TransactResult, transactWrite } from '#lib/dynamodb/transact.ts';
import { addInto, emptySum, periodsOf, type RollupPart, type RollupSum } from '../domain/rollup.ts';
import type { TransactItem } from './order-items.ts';
import {
  addClauses,
  addUpdate,
  clauseChars,
  itemsOfSum,
  MARKER_TTL_SECONDS,
  MAX_EXPRESSION_CHARS,
  markerKey,
} from './rollup-items.ts';

/** A part with the generations it goes to and its place in the batch. */
export interface TargetedPart {
  part: RollupPart;
  generations: readonly string[];
  index: number;
}

/** DynamoDB's limit of items in one transaction. */
export const MAX_TRANSACTION_ITEMS = 100;
const BACKOFF = { baseMs: 20, capMs: 500 };
/** What another writer of the same rollup (another shard's batch) makes a transaction lose to. */
const PASSING = new Set(['None', 'TransactionConflict', 'ThrottlingError']);

type ItemKey = { pk: string; sk: string };
const keyString = (key: ItemKey) => `${key.pk}\n${key.sk}`;

/** The rollup items a part adds to (its hour, day and month, in each of its generations), and what. */
function itemsOf(target: TargetedPart): { key: ItemKey; sum: RollupSum }[] {
  const periods = periodsOf(target.part);
  return target.generations.flatMap((generation) =>
    periods.flatMap(({ granularity, start, sum }) => itemsOfSum(generation, granularity, start, sum)),
  );
}

const expressionChars = (clauses: number) => {
  let chars = 4;
  for (let i = 0; i < clauses; i++) chars += clauseChars(i);
  return chars;
};

/**
 * The batch cut into transactions, in order: each holds a marker per part and one ADD per rollup item
 * its parts touch (summed over them), within DynamoDB's 100 items and 4 KB per expression. A batch of a
 * busy hour is one transaction: 50 orders are 50 markers and at most 24 rollup items (an hour, a day and
 * a month of 8 buckets each; twice that while a rebuild runs).
 */
export function planTransactions(targets: readonly TargetedPart[]): TargetedPart[][] {
  const chunks: TargetedPart[][] = [];
  let chunk: TargetedPart[] = [];
  let sums = new Map<string, RollupSum>();
  for (const target of targets) {
    const touched = itemsOf(target).map(({ key, sum }) => ({ key: keyString(key), sum }));
    const after = (key: string, sum: RollupSum) =>
      addInto(addInto(emptySum(), sums.get(key) ?? emptySum()), sum);
    const items = chunk.length + 1 + new Set([...sums.keys(), ...touched.map((t) => t.key)]).size;
    const fits =
      items <= MAX_TRANSACTION_ITEMS &&
      touched.every(
        ({ key, sum }) => expressionChars(addClauses(after(key, sum)).length) <= MAX_EXPRESSION_CHARS,
      );
    if (!fits && chunk.length > 0) {
      chunks.push(chunk);
      [chunk, sums] = [[], new Map()];
    }
    chunk.push(target);
    for (const { key, sum } of touched) sums.set(key, addInto(sums.get(key) ?? emptySum(), sum));
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/** The transaction of a chunk: its markers first (element i is the marker of part i), then the ADDs. */
export function transactionOf(table: string, chunk: readonly TargetedPart[], nowMs: number): TransactItem[] {
  const ttl = Math.floor(nowMs / 1000) + MARKER_TTL_SECONDS;
  const sums = new Map<string, { key: ItemKey; sum: RollupSum }>();
  for (const target of chunk) {
    for (const { key, sum } of itemsOf(target)) {
      const entry = sums.get(keyString(key)) ?? { key, sum: emptySum() };
      addInto(entry.sum, sum);
      sums.set(keyString(key), entry);
    }
  }
  const markers: TransactItem[] = chunk.map(({ part }) => ({
    Put: {
      TableName: table,
      Item: { ...markerKey(part.id), ttl },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  }));
  const updates: TransactItem[] = [...sums.values()].flatMap(({ key, sum }) => {
    const clauses = addClauses(sum);
    return clauses.length === 0 ? [] : [{ Update: addUpdate(table, key, clauses) }];
  });
  return [...markers, ...updates];
}

const codesOf = (result: TransactResult) => (result.ok ? [] : result.reasons.map((r) => r.code));

/**
 * One chunk, exactly once: a part whose marker is there already (a batch delivered again, or cut
 * differently on a retry) is dropped and the rest goes again; a transaction lost to another writer of
 * the same rollup is tried again after a jittered wait, within the retry budget.
 */
async function applyChunk(db: DynamoDBDocumentClient, table: string, chunk: readonly TargetedPart[]) {
  const deadline = Date.now() + retryBudget(RETRY_BUDGET_MS);
  let pending = [...chunk];
  for (let attempt = 0; pending.length > 0; ) {
    const result = await transactWrite(db, transactionOf(table, pending, Date.now()));
    if (result.ok) return;
    const applied = pending.filter((_, i) => failedAt(result, i));
    if (applied.length > 0) {
      pending = pending.filter((target) => !applied.includes(target));
      continue;
    }
    if (!codesOf(result).every((code) => PASSING.has(code))) {
      throw new Error(`rolling up failed: ${codesOf(result).join(', ')}`);
    }
    const wait = backoffDelay(++attempt, BACKOFF);
    if (Date.now() + wait >= deadline) {
      throw new Error(`rolling up lost to other writers for too long: ${codesOf(result).join(', ')}`);
    }
    await sleep(wait);
  }
}

/**
 * Applies the parts in order, transaction by transaction. `undefined` when all are applied; else the
 * batch index of the first part of the transaction that failed (every part before it is applied).
 */
export async function applyTargeted(
  db: DynamoDBDocumentClient,
  table: string,
  targets: readonly TargetedPart[],
): Promise<{ failedFrom: number; cause: unknown } | undefined> {
  for (const chunk of planTransactions(targets)) {
    try {
      await applyChunk(db, table, chunk);
    } catch (cause) {
      return { failedFrom: chunk[0]!.index, cause };
    }
  }
  return undefined;
}
