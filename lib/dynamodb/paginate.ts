import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { invalidCursor, type Page } from '../pagination.ts';

/** Only our own key attributes with string values: anything else would reach DynamoDB as a 500. */
const KEY_ATTRIBUTES = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk']);
const isKey = (key: unknown): key is Record<string, string> =>
  typeof key === 'object' &&
  key !== null &&
  !Array.isArray(key) &&
  Object.keys(key).length > 0 &&
  Object.entries(key).every(
    ([name, value]) => KEY_ATTRIBUTES.has(name) && typeof value === 'string' && value !== '',
  );

/** The cursor is DynamoDB's LastEvaluatedKey, base64url-encoded so clients treat it as opaque. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;
}

export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (isKey(key)) return key;
  } catch {
    // fall through to the 400 below
  }
  throw invalidCursor();
}

/**
 * One page of a DynamoDB query, the cursor being its LastEvaluatedKey. A cursor of another listing
 * decodes fine but is no key of this query: DynamoDB refuses it, and that is a 400, not a 500.
 */
export async function queryPage(
  db: DynamoDBDocumentClient,
  input: QueryCommandInput,
  limit: number,
  cursor: string | undefined,
): Promise<Page<Record<string, unknown>>> {
  const start = decodeCursor(cursor);
  try {
    const { Items = [], LastEvaluatedKey } = await db.send(
      new QueryCommand({ ...input, Limit: limit, ExclusiveStartKey: start }),
    );
    return { items: Items, nextCursor: encodeCursor(LastEvaluatedKey) };
  } catch (error) {
    if (start && (error as Error).name === 'ValidationException') throw invalidCursor();
    throw error;
  }
}
