import { paginationQuerySchema } from './pagination.ts';

// The cursors' tests moved with them to lib/dynamodb/paginate.test.ts.
describe('pagination', () => {
  it('defaults the limit to 25 and bounds it to 1..100', () => {
    expect(paginationQuerySchema.parse({}).limit).toBe(25);
    expect(paginationQuerySchema.safeParse({ limit: '0' }).success).toBe(false);
    expect(paginationQuerySchema.safeParse({ limit: '101' }).success).toBe(false);
    expect(paginationQuerySchema.safeParse({ limit: '2.5' }).success).toBe(false);
    expect(paginationQuerySchema.parse({ limit: '100' }).limit).toBe(100);
  });
});
