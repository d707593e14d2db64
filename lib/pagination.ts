import * as z from 'zod';
import { AppError } from './errors.ts';

/** API.md: `?limit=` 1-100 (default 25) and an opaque `?cursor=`. */
export const paginationQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
});

export type PaginationQuery = z.infer<typeof paginationQuerySchema>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

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
  throw new AppError('validation_failed', 'The cursor is not one this API returned.', {
    errors: [{ path: 'query.cursor', message: 'invalid cursor' }],
  });
}
