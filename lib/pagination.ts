import { z } from 'zod';
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

/** The cursor is DynamoDB's LastEvaluatedKey, base64url-encoded so clients treat it as opaque. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;
}

export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (key && typeof key === 'object' && !Array.isArray(key)) return key as Record<string, unknown>;
  } catch {
    // fall through to the 400 below
  }
  throw new AppError('validation_failed', 'The cursor is not one this API returned.', {
    errors: [{ path: 'cursor', message: 'invalid cursor' }],
  });
}
