import { listOrdersQuery } from './schemas.ts';

/** What `GET /sales/orders` answers a query with: the parsed query, or the paths its 400 names. */
const parsed = (query: Record<string, string>) => {
  const result = listOrdersQuery.safeParse(query);
  return result.success ? result.data : result.error.issues.map((issue) => issue.path.join('.'));
};

describe('the query of GET /sales/orders', () => {
  const from = '2025-03-01T00:00:00Z';

  it('takes a customer, or a range of at most 31 days with an optional status', () => {
    expect(parsed({ customerId: 'c1' })).toMatchObject({ customerId: 'c1', limit: 25 });
    expect(parsed({ from, to: '2025-04-01T00:00:00Z', status: 'RETURNED', limit: '5' })).toEqual({
      from: new Date(from),
      to: new Date('2025-04-01T00:00:00Z'),
      status: 'RETURNED',
      limit: 5,
    });
    // Offsets are instants: 00:00 in São Paulo is 03:00 UTC.
    expect(parsed({ from: '2025-03-01T00:00:00-03:00', to: '2025-03-02T00:00:00-03:00' })).toMatchObject({
      from: new Date('2025-03-01T03:00:00Z'),
    });
  });

  it('names the field of a query with neither kind, both, or half of one', () => {
    expect(parsed({})).toEqual(['customerId']);
    expect(parsed({ customerId: 'c1', from, to: '2025-03-02T00:00:00Z' })).toEqual(['customerId']);
    expect(parsed({ customerId: 'c1', status: 'CANCELLED' })).toEqual(['status']);
    expect(parsed({ from })).toEqual(['to']);
    expect(parsed({ to: from })).toEqual(['from']);
  });

  it('refuses a range that is empty, reversed, longer than 31 days, not an instant, or an unknown status', () => {
    expect(parsed({ from, to: from })).toEqual(['to']);
    expect(parsed({ from, to: '2025-02-01T00:00:00Z' })).toEqual(['to']);
    expect(parsed({ from, to: '2025-04-01T00:00:00.001Z' })).toEqual(['to']);
    expect(parsed({ from: '2025-03-01', to: '2025-03-02T00:00:00Z' })).toEqual(['from']);
    expect(parsed({ from, to: '2025-03-02T00:00:00Z', status: 'OPEN' })).toEqual(['status']);
  });
});
