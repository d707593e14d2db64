import { createPrivateTable, type PrivateTable } from '#test/support/private-table.ts';
import { AppError } from '../errors.ts';
import { batchWrite } from './batch.ts';
import { dynamo } from './client.ts';
import { decodeCursor, encodeCursor, queryPage } from './paginate.ts';

describe('cursors', () => {
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
});

describe('queryPage against DynamoDB', () => {
  let table: PrivateTable;
  const query = () => ({
    TableName: table.name,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': 'LIST#1' },
  });

  beforeAll(async () => {
    table = await createPrivateTable('inventory');
    const sks = Array.from({ length: 5 }, (_, i) => `ROW#${i}`);
    await batchWrite(
      dynamo,
      table.name,
      sks.map((sk) => ({ put: { pk: 'LIST#1', sk } })),
    );
  });

  afterAll(async () => {
    await table.drop();
  });

  it('walks a listing page by page, each cursor leading to the next', async () => {
    const seen: unknown[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await queryPage(dynamo, query(), 2, cursor);
      seen.push(...page.items.map((item) => item.sk));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);

    expect(seen).toEqual(['ROW#0', 'ROW#1', 'ROW#2', 'ROW#3', 'ROW#4']);
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it('answers 400, not 500, for the cursor of another listing', async () => {
    const foreign = encodeCursor({ gsi1pk: 'PRODUCTS', gsi1sk: 'a' })!;

    await expect(queryPage(dynamo, query(), 2, foreign)).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
