import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { failedAt, transactWrite } from '#lib/dynamodb/transact.ts';
import type { ProductChange, Restock, RestockResult, RestockStore } from '../ports.ts';
import { getItem } from './get-item.ts';
import { restockKey } from './keys.ts';
import { TRANSACTION_LIMIT, withMovements, writeAfter } from './movement-rows.ts';
import { stockUpdate } from './stock-update.ts';
import { unexpectedCancellation, worthRetrying } from './transaction-outcome.ts';

/** DynamoDB's 100 items per transaction, less the marker (the pending rows that do not fit go after it). */
const MAX_RESTOCK_LINES = TRANSACTION_LIMIT - 1;

const toRestock = (i: Record<string, unknown>): Restock => ({
  orderId: i.orderId as string,
  returnId: i.returnId as string,
  lines: i.lines as Restock['lines'],
  actor: i.actor as string,
  at: i.at as string,
});

/** Returns put back in stock, on the inventory table: once per return, whatever the deliveries. */
export class DynamoRestockStore implements RestockStore {
  readonly tableName: string;
  private readonly db: DynamoDBDocumentClient;

  constructor(db: DynamoDBDocumentClient, tableName: string) {
    this.db = db;
    this.tableName = tableName;
  }

  async getRestock(orderId: string, returnId: string): Promise<Restock | undefined> {
    const item = await getItem(this.db, this.tableName, restockKey(orderId, returnId));
    return item ? toRestock(item) : undefined;
  }

  /**
   * ONE transaction: the return's marker (element 0, only if new), per line the stock update that adds
   * it back (1..n, each only if the product exists), then their pending movement rows. Which element
   * failed says why.
   */
  async restock(restock: Restock, changes: ProductChange[]): Promise<RestockResult> {
    if (changes.length === 0 || changes.length > MAX_RESTOCK_LINES) {
      throw new Error(`a restock has 1-${MAX_RESTOCK_LINES} lines, not ${changes.length}`);
    }
    const { items, after } = withMovements(
      this.tableName,
      [
        {
          Put: {
            TableName: this.tableName,
            Item: { ...restockKey(restock.orderId, restock.returnId), ...restock },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...changes.map((change) => ({ Update: stockUpdate(this.tableName, change) })),
      ],
      changes,
    );
    const result = await transactWrite(this.db, items);
    if (result.ok) {
      await writeAfter(this.db, this.tableName, after);
      return { kind: 'ok' };
    }
    if (failedAt(result, 0)) return { kind: 'done' };
    if (changes.some((_, i) => failedAt(result, i + 1))) return { kind: 'product_missing' };
    if (worthRetrying(result)) return { kind: 'retry' };
    throw unexpectedCancellation('a restock', result);
  }
}
