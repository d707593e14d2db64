import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { batchWrite } from '#lib/dynamodb/batch.ts';
import { decodeCursor, encodeCursor, queryPage } from '#lib/dynamodb/paginate.ts';
import { invalidCursor, type Page } from '#lib/pagination.ts';
import { type JournaledProduct, journalMovements, type Movement } from '../domain/stock.ts';
import type { LedgerStore } from '../ports.ts';
import { getItem } from './get-item.ts';
import { toJournaledProduct, toMovement, toProduct, withoutNulls } from './items.ts';
import { MOVEMENT_SK_PREFIX, movementKey, productKey, WRITTEN_BY } from './keys.ts';

/** Journal entries dropped per update: a few keep the expression far below DynamoDB's 4 KB. */
const TRIM_LIMIT = 100;

/**
 * The ledger: the newest movements of a product sit in its journal (on the product item), the older
 * ones in rows of their own under the product's partition, sorted by version.
 */
export class DynamoLedgerStore implements LedgerStore {
  readonly tableName: string;
  private readonly db: DynamoDBDocumentClient;

  constructor(db: DynamoDBDocumentClient, tableName: string) {
    this.db = db;
    this.tableName = tableName;
  }

  /**
   * The product is read first, and every version older than its journal was settled into a row
   * before it left the journal, so the two together have no gap.
   */
  async listMovements(
    productId: string,
    limit: number,
    cursor?: string,
  ): Promise<Page<Movement> | undefined> {
    const pk = productKey(productId).pk;
    const start = decodeCursor(cursor);
    const before = start ? versionOf(start, pk) : Number.POSITIVE_INFINITY;
    const item = await getItem(this.db, this.tableName, productKey(productId));
    if (!item) return undefined;
    const journal = journalMovements(toJournaledProduct(item));
    const items = journal.filter((m) => m.version < before).slice(0, limit);
    const settledBelow = Math.min(before, journal.at(-1)?.version ?? Number.POSITIVE_INFINITY);
    if (items.length < limit && settledBelow > 1) {
      // The key range, not a DynamoDB cursor, says where the rows start: the page's own cursor is unused.
      const rows = await queryPage(
        this.db,
        {
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
          ExpressionAttributeValues: {
            ':pk': pk,
            ':first': movementKey(productId, 1).sk,
            ':last': movementKey(productId, Math.min(settledBelow - 1, toProduct(item).version)).sk,
          },
          ScanIndexForward: false,
          ConsistentRead: true,
        },
        limit - items.length,
        undefined,
      );
      items.push(...rows.items.map(toMovement));
    }
    // Every ledger starts at version 1, so a full page ending above it has more behind it.
    const last = items.at(-1);
    const more = items.length === limit && last !== undefined && last.version > 1;
    return { items, nextCursor: more ? encodeCursor(movementKey(productId, last.version)) : null };
  }

  async settleJournal(product: JournaledProduct): Promise<void> {
    if (product.journal.length === 0) return;
    await batchWrite(
      this.db,
      this.tableName,
      journalMovements(product).map((m) => ({
        put: { ...movementKey(m.productId, m.version), ...withoutNulls(m) },
      })),
    );
    await this.trimSettled(product.productId, product.journal);
  }

  /**
   * Drops the settled entries from the head of the journal, a chunk at a time, each write conditioned
   * on the head it expects. When another writer moved the head first, the journal as it now stands
   * says where to go on: this settle's image may be older than the item, and the settle's own trims
   * do not wake it again (they are filtered out of its stream).
   */
  private async trimSettled(productId: string, settledJournal: readonly JournalEntry[]): Promise<void> {
    const settled = new Set(settledJournal.map((entry) => entry.movementId));
    let current: readonly JournalEntry[] = settledJournal;
    for (;;) {
      const chunk = leadingSettled(current, settled);
      if (chunk.length === 0) return;
      try {
        const { Attributes } = await this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: productKey(productId),
            UpdateExpression: `SET writtenBy = :writer REMOVE ${chunk.map((_, j) => `journal[${j}]`).join(', ')}`,
            ConditionExpression: 'journal[0].movementId = :first',
            ExpressionAttributeValues: { ':first': chunk[0]?.movementId, ':writer': WRITTEN_BY.ledger },
            ReturnValues: 'ALL_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        current = (Attributes?.journal as JournalEntry[] | undefined) ?? [];
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        current = ((error.Item && unmarshall(error.Item).journal) as JournalEntry[] | undefined) ?? [];
      }
    }
  }
}

type JournalEntry = { movementId: string };

/** The entries at the head of `journal` that were settled, at most one trim's worth. */
const leadingSettled = (journal: readonly { movementId: string }[], settled: ReadonlySet<string>) => {
  const end = journal.findIndex((entry) => !settled.has(entry.movementId));
  return journal.slice(0, Math.min(end === -1 ? journal.length : end, TRIM_LIMIT));
};

/** A movements cursor is the key of the last movement returned, of this product. */
function versionOf(key: Record<string, unknown>, pk: string): number {
  const sk = String(key.sk ?? '');
  const version = Number(sk.slice(MOVEMENT_SK_PREFIX.length));
  if (key.pk !== pk || !sk.startsWith(MOVEMENT_SK_PREFIX) || !Number.isInteger(version) || version < 1) {
    throw invalidCursor();
  }
  return version;
}
