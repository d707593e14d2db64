import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { backoffDelay, sleep } from '#lib/dynamodb/backoff.ts';
import { batchWrite } from '#lib/dynamodb/batch.ts';
import { decodeCursor, encodeCursor } from '#lib/dynamodb/paginate.ts';
import { mapConcurrently } from '#lib/map-concurrently.ts';
import { invalidCursor, type Page } from '#lib/pagination.ts';
import { reconstruct } from '../domain/ledger.ts';
import type { Movement, ProductImage } from '../domain/stock.ts';
import type { LedgerStore, UnsettledVersions } from '../ports.ts';
import { getItem } from './get-item.ts';
import { toProductImage } from './items.ts';
import { MOVEMENT_SK_PREFIX, movementKey, pendingMovementKey, productKey, WRITTEN_BY } from './keys.ts';
import { readLedger, settledPageBelow } from './ledger-read.ts';
import { settledItem } from './movement-rows.ts';
import { planSettle, SettledVersions } from './settle-plan.ts';

/** Reads of a listing that met a change or a settle in flight, before it answers with what it has. */
const LIST_ATTEMPTS = 4;
/** Products whose rows are planned at once; each may read its ledger once. */
const PRODUCTS_IN_FLIGHT = 5;

/**
 * The ledger on the inventory table: per product, settled rows keyed by version and pending rows
 * keyed by movement id, in the product's partition, merged with the product item on reading
 * (domain/ledger.ts).
 */
export class DynamoLedgerStore implements LedgerStore {
  readonly tableName: string;
  private readonly db: DynamoDBDocumentClient;
  private readonly settledUpTo = new SettledVersions();

  constructor(db: DynamoDBDocumentClient, tableName: string) {
    this.db = db;
    this.tableName = tableName;
  }

  /**
   * The product first, then its rows: everything it counts is then in the rows, pending or settled.
   * A page deep in the ledger is its settled rows alone. A read that met a write or a settle in flight
   * (a version nothing accounts for, a quantity that does not add up) reads again a few times, then
   * answers with what it found.
   */
  async listMovements(
    productId: string,
    limit: number,
    cursor?: string,
  ): Promise<Page<Movement> | undefined> {
    const start = decodeCursor(cursor);
    const before = start ? versionOf(start, productKey(productId).pk) : Number.POSITIVE_INFINITY;
    for (let attempt = 1; ; attempt++) {
      const item = await getItem(this.db, this.tableName, productKey(productId));
      if (!item) return undefined;
      const head = toProductImage(item);
      if (attempt === 1 && before <= head.version) {
        const rows = await settledPageBelow(this.db, this.tableName, productId, before, limit);
        if (rows) return pageOf(productId, rows, limit);
      }
      const top = Math.min(before - 1, head.version);
      const read = await readLedger(this.db, this.tableName, productId, {
        firstLimit: limit + 8,
        floor: (pending) => Math.min(head.version - pending - head.journal.length, top - limit + 1),
      });
      const ledger = reconstruct(head, read);
      if (ledger.exact || attempt === LIST_ATTEMPTS) {
        const known = ledger.movements.filter((m) => m.version <= top && Number.isFinite(m.quantityAfter));
        return pageOf(productId, known, limit);
      }
      await sleep(backoffDelay(attempt, { baseMs: 20, capMs: 200 }));
    }
  }

  /**
   * Puts every image's row (and any the plan found missing below them), then deletes their pending
   * rows: a movement is never in neither. Products with a journal left from before drop it last.
   */
  async settle(images: readonly ProductImage[]): Promise<UnsettledVersions[]> {
    const plans = await mapConcurrently([...byProduct(images).values()], PRODUCTS_IN_FLIGHT, (group) =>
      planSettle(this.db, this.tableName, group, this.settledUpTo),
    );
    // One request per 25 items for the whole batch, each key once (a batch may not name one twice).
    const puts = unique(plans.flatMap((p) => p.rows.map(settledItem)));
    await batchWrite(
      this.db,
      this.tableName,
      puts.map((item) => ({ put: item })),
    );
    const deletes = unique(
      plans.flatMap((p) => p.settledPending.map((id) => pendingMovementKey(p.productId, id))),
    );
    await batchWrite(
      this.db,
      this.tableName,
      deletes.map((key) => ({ delete: key })),
    );
    for (const plan of plans) {
      if (plan.journalSettled !== undefined) await this.dropJournal(plan.productId, plan.journalSettled);
      if (plan.exact) this.settledUpTo.set(plan.productId, plan.upTo);
    }
    return plans
      .filter((p) => p.missing.length > 0)
      .map((p) => ({ productId: p.productId, versions: p.missing }));
  }

  /** Only the journal that was settled: a writer from before that still appends (mid-deploy) keeps its own. */
  private async dropJournal(productId: string, length: number): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: productKey(productId),
          UpdateExpression: 'REMOVE journal SET writtenBy = :writer',
          ConditionExpression: 'size(journal) = :length',
          ExpressionAttributeValues: { ':length': length, ':writer': WRITTEN_BY.ledger },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}

const unique = <T extends { pk: string; sk: string }>(items: T[]): T[] => [
  ...new Map(items.map((item) => [`${item.pk}\n${item.sk}`, item])).values(),
];

/** Images by product, each product's in version order, one per version. */
function byProduct(images: readonly ProductImage[]): Map<string, ProductImage[]> {
  const groups = new Map<string, Map<number, ProductImage>>();
  for (const image of images) {
    const group = groups.get(image.productId) ?? new Map<number, ProductImage>();
    group.set(image.version, image);
    groups.set(image.productId, group);
  }
  return new Map(
    [...groups].map(([productId, group]) => [
      productId,
      [...group.values()].sort((a, b) => a.version - b.version),
    ]),
  );
}

function pageOf(productId: string, movements: Movement[], limit: number): Page<Movement> {
  const items = movements.slice(0, limit);
  // Every ledger starts at version 1, so a full page ending above it has more behind it.
  const last = items.at(-1);
  const more = items.length === limit && last !== undefined && last.version > 1;
  return { items, nextCursor: more ? encodeCursor(movementKey(productId, last.version)) : null };
}

/** A movements cursor is the key of the last movement returned, of this product. */
function versionOf(key: Record<string, unknown>, pk: string): number {
  const sk = String(key.sk ?? '');
  const version = Number(sk.slice(MOVEMENT_SK_PREFIX.length));
  if (key.pk !== pk || !sk.startsWith(MOVEMENT_SK_PREFIX) || !Number.isInteger(version) || version < 1) {
    throw invalidCursor();
  }
  return version;
}
