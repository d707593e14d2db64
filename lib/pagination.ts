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

/** The response schema of a page of `item`s, for the OpenAPI document. */
export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const invalidCursor = () =>
  new AppError('validation_failed', 'The cursor is not one this API returned.', {
    errors: [{ path: 'query.cursor', message: 'invalid cursor' }],
  });
