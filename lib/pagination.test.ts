import { AppError } from './errors.ts';
import { decodeCursor, encodeCursor, paginationQuerySchema } from './pagination.ts';

describe('pagination', () => {
  it('round-trips a DynamoDB key through an opaque cursor', () => {
    const key = { pk: 'PRODUCT#a', sk: 'PRODUCT', gsi1pk: 'PRODUCTS', gsi1sk: 'a' };

    const cursor = encodeCursor(key);

    expect(cursor).not.toContain('PRODUCT');
    expect(decodeCursor(cursor!)).toEqual(key);
  });

  it('answers no cursor at the end of a list', () => {
    expect(encodeCursor(undefined)).toBeNull();
  });

  it.each([
    ['not base64 json', 'not-a-cursor!'],
    ['an array', Buffer.from('[1]').toString('base64url')],
    ['a foreign attribute', Buffer.from('{"admin":"x"}').toString('base64url')],
    ['a non-string value', Buffer.from('{"pk":{"S":"x"}}').toString('base64url')],
    ['an empty key', Buffer.from('{}').toString('base64url')],
  ])('rejects a cursor that is %s with validation_failed', (_name, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(AppError);
    try {
      decodeCursor(cursor);
    } catch (error) {
      expect((error as AppError).code).toBe('validation_failed');
      expect((error as AppError).errors?.[0]?.path).toBe('query.cursor');
    }
  });

  it('defaults the limit to 25 and bounds it to 1..100', () => {
    expect(paginationQuerySchema.parse({}).limit).toBe(25);
    expect(paginationQuerySchema.safeParse({ limit: '0' }).success).toBe(false);
    expect(paginationQuerySchema.safeParse({ limit: '101' }).success).toBe(false);
    expect(paginationQuerySchema.safeParse({ limit: '2.5' }).success).toBe(false);
    expect(paginationQuerySchema.parse({ limit: '100' }).limit).toBe(100);
  });
});
