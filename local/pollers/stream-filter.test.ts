import type { _Record, AttributeValue } from '@aws-sdk/client-dynamodb-streams';
import { streamConsumers } from '#lib/catalogue/index.ts';
import { matchesFilter } from './stream-filter.ts';

const record = (
  keys: Record<string, AttributeValue>,
  eventName: _Record['eventName'] = 'INSERT',
): _Record => ({
  eventID: '1',
  eventName,
  dynamodb: { Keys: keys, SequenceNumber: '1' },
});
const keys = (pk: string, sk: string) => record({ pk: { S: pk }, sk: { S: sk } });

describe('stream consumer key filter', () => {
  it('selects the records whose partition key starts with the prefix', () => {
    const outbox = { pkPrefix: 'OUTBOX#' };

    expect(matchesFilter(keys('OUTBOX#01J', 'EVENT'), outbox)).toBe(true);
    expect(matchesFilter(keys('OUTBOX#', 'EVENT'), outbox)).toBe(true);
    expect(matchesFilter(keys('PRODUCT#p1', 'PRODUCT'), outbox)).toBe(false);
    expect(matchesFilter(keys('outbox#01J', 'EVENT'), outbox)).toBe(false);
    expect(matchesFilter(keys('X-OUTBOX#01J', 'EVENT'), outbox)).toBe(false);
  });

  it('also requires the sort key to equal the filter when it names one', () => {
    const product = { pkPrefix: 'PRODUCT#', sk: 'PRODUCT' };

    expect(matchesFilter(keys('PRODUCT#p1', 'PRODUCT'), product)).toBe(true);
    expect(matchesFilter(keys('PRODUCT#p1', 'MOVEMENT#01J'), product)).toBe(false);
    expect(matchesFilter(keys('PRODUCT#p1', 'PRODUCT#'), product)).toBe(false);
    expect(matchesFilter(keys('PRODUCT#p1', 'product'), product)).toBe(false);
    expect(matchesFilter(keys('RESERVATION#r1', 'PRODUCT'), product)).toBe(false);
    expect(matchesFilter(record({ pk: { S: 'PRODUCT#p1' } }), product)).toBe(false);
  });

  it('decides on the keys alone, so a removal matches like an insert', () => {
    const removal = record({ pk: { S: 'PRODUCT#p1' }, sk: { S: 'PRODUCT' } }, 'REMOVE');

    expect(matchesFilter(removal, { pkPrefix: 'PRODUCT#', sk: 'PRODUCT' })).toBe(true);
  });

  it('matches nothing without a string partition key', () => {
    expect(matchesFilter(record({ pk: { N: '1' }, sk: { S: 'PRODUCT' } }), { pkPrefix: '' })).toBe(false);
    expect(matchesFilter({ eventID: '1', dynamodb: {} }, { pkPrefix: '' })).toBe(false);
    expect(matchesFilter({ eventID: '1' }, { pkPrefix: '' })).toBe(false);
  });

  it("gives each of the catalogue's inventory consumers only its own rows", () => {
    const inventory = streamConsumers.filter((c) => c.table === 'inventory');
    const selected = (r: _Record) => inventory.filter((c) => matchesFilter(r, c.filter)).map((c) => c.name);

    expect(selected(keys('OUTBOX#01J', 'EVENT'))).toEqual(['inventory-outbox']);
    expect(selected(keys('PRODUCT#p1', 'PRODUCT'))).toEqual(['inventory-ledger']);
    expect(selected(keys('PRODUCT#p1', 'MOVEMENT#01J'))).toEqual([]);
  });
});
