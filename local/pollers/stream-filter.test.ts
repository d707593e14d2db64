import type { _Record, AttributeValue } from '@aws-sdk/client-dynamodb-streams';
import { streamConsumers } from '#functions/catalogue.ts';
import type { StreamConsumerDef } from '#lib/catalogue/index.ts';
import { matchesFilter } from './stream-filter.ts';

type Image = Record<string, AttributeValue>;

const record = (keys: Image, eventName: _Record['eventName'] = 'INSERT', newImage?: Image): _Record => ({
  eventID: '1',
  eventName,
  dynamodb: { Keys: keys, SequenceNumber: '1', ...(newImage ? { NewImage: newImage } : {}) },
});
/** A record of a row; an insert or change of a product row as a stock change writes it. */
const keys = (
  pk: string,
  sk: string,
  eventName: _Record['eventName'] = 'INSERT',
  writtenBy: string | undefined = sk === 'PRODUCT' ? 'stock' : undefined,
) =>
  record(
    { pk: { S: pk }, sk: { S: sk } },
    eventName,
    eventName === 'REMOVE'
      ? undefined
      : { pk: { S: pk }, sk: { S: sk }, ...(writtenBy ? { writtenBy: { S: writtenBy } } : {}) },
  );
const anyChange: StreamConsumerDef['filter']['events'] = ['INSERT', 'MODIFY', 'REMOVE'];

describe('stream consumer filter', () => {
  it('selects the records whose partition key starts with the prefix', () => {
    const outbox = { pkPrefix: 'OUTBOX#', events: anyChange };

    expect(matchesFilter(keys('OUTBOX#01J', 'EVENT'), outbox)).toBe(true);
    expect(matchesFilter(keys('OUTBOX#', 'EVENT'), outbox)).toBe(true);
    expect(matchesFilter(keys('PRODUCT#p1', 'PRODUCT'), outbox)).toBe(false);
    expect(matchesFilter(keys('outbox#01J', 'EVENT'), outbox)).toBe(false);
    expect(matchesFilter(keys('X-OUTBOX#01J', 'EVENT'), outbox)).toBe(false);
  });

  it('also requires the sort key to equal the filter when it names one', () => {
    const product = { pkPrefix: 'PRODUCT#', sk: 'PRODUCT', events: anyChange };

    expect(matchesFilter(keys('PRODUCT#p1', 'PRODUCT'), product)).toBe(true);
    expect(matchesFilter(keys('PRODUCT#p1', 'MOVEMENT#01J'), product)).toBe(false);
    expect(matchesFilter(keys('PRODUCT#p1', 'PRODUCT#'), product)).toBe(false);
    expect(matchesFilter(keys('PRODUCT#p1', 'product'), product)).toBe(false);
    expect(matchesFilter(keys('RESERVATION#r1', 'PRODUCT'), product)).toBe(false);
    expect(matchesFilter(record({ pk: { S: 'PRODUCT#p1' } }), product)).toBe(false);
  });

  it('selects only the kinds of change it names', () => {
    const inserts = { pkPrefix: 'OUTBOX#', events: ['INSERT'] } as const;
    const changes = { pkPrefix: 'OUTBOX#', events: ['INSERT', 'MODIFY'] } as const;

    expect(matchesFilter(keys('OUTBOX#01J', 'EVENT', 'INSERT'), inserts)).toBe(true);
    expect(matchesFilter(keys('OUTBOX#01J', 'EVENT', 'MODIFY'), inserts)).toBe(false);
    expect(matchesFilter(keys('OUTBOX#01J', 'EVENT', 'REMOVE'), inserts)).toBe(false);
    expect(matchesFilter(keys('OUTBOX#01J', 'EVENT', 'MODIFY'), changes)).toBe(true);
    expect(matchesFilter(keys('OUTBOX#01J', 'EVENT', 'REMOVE'), changes)).toBe(false);
    const { eventName: _none, ...nameless } = keys('OUTBOX#01J', 'EVENT');
    expect(matchesFilter(nameless, changes)).toBe(false);
  });

  it('requires each new-image attribute it names to hold its string value', () => {
    const filter = { pkPrefix: 'PRODUCT#', events: anyChange, newImage: { writtenBy: 'stock' } };
    const product = { pk: { S: 'PRODUCT#p1' }, sk: { S: 'PRODUCT' } };

    expect(matchesFilter(record(product, 'MODIFY', { ...product, writtenBy: { S: 'stock' } }), filter)).toBe(
      true,
    );
    expect(matchesFilter(record(product, 'MODIFY', { ...product, writtenBy: { S: 'ledger' } }), filter)).toBe(
      false,
    );
    expect(matchesFilter(record(product, 'MODIFY', { ...product, writtenBy: { N: '1' } }), filter)).toBe(
      false,
    );
    expect(matchesFilter(record(product, 'MODIFY', product), filter)).toBe(false);
    // A removal carries no new image.
    expect(matchesFilter(record(product, 'REMOVE'), filter)).toBe(false);
  });

  it('matches nothing without a string partition key', () => {
    const all = { pkPrefix: '', events: anyChange };

    expect(matchesFilter(record({ pk: { N: '1' }, sk: { S: 'PRODUCT' } }), all)).toBe(false);
    expect(matchesFilter({ eventID: '1', eventName: 'INSERT', dynamodb: {} }, all)).toBe(false);
    expect(matchesFilter({ eventID: '1', eventName: 'INSERT' }, all)).toBe(false);
  });

  describe("the catalogue's inventory consumers", () => {
    const inventory = streamConsumers.filter((c) => c.table === 'inventory');
    const woken = (r: _Record) => inventory.filter((c) => matchesFilter(r, c.filter)).map((c) => c.name);

    it('each get only their own rows', () => {
      expect(woken(keys('OUTBOX#01J', 'EVENT'))).toEqual(['inventory-outbox']);
      expect(woken(keys('PRODUCT#p1', 'PRODUCT'))).toEqual(['inventory-ledger']);
      expect(woken(keys('PRODUCT#p1', 'MOVEMENT#01J'))).toEqual([]);
    });

    it('wake the publisher for a new outbox row, not for its own claim or delete of it', () => {
      expect(woken(keys('OUTBOX#01J', 'EVENT', 'INSERT'))).toEqual(['inventory-outbox']);
      expect(woken(keys('OUTBOX#01J', 'EVENT', 'MODIFY'))).toEqual([]);
      expect(woken(keys('OUTBOX#01J', 'EVENT', 'REMOVE'))).toEqual([]);
    });

    it('wake the ledger for a product created or its stock changed, not removed', () => {
      expect(woken(keys('PRODUCT#p1', 'PRODUCT', 'INSERT'))).toEqual(['inventory-ledger']);
      expect(woken(keys('PRODUCT#p1', 'PRODUCT', 'MODIFY'))).toEqual(['inventory-ledger']);
      expect(woken(keys('PRODUCT#p1', 'PRODUCT', 'REMOVE'))).toEqual([]);
    });

    it('do not wake the ledger for its own writes (journal trims, the reorder marker)', () => {
      expect(woken(keys('PRODUCT#p1', 'PRODUCT', 'MODIFY', 'ledger'))).toEqual([]);
    });
  });

  it("wakes every service's publisher only for new outbox rows", () => {
    const publishers = streamConsumers.filter((c) => c.handler === 'lib/events/outbox/publish-handler.ts');

    expect(publishers.map((c) => c.service).sort()).toEqual(['inventory', 'pricing', 'sales']);
    for (const publisher of publishers) expect(publisher.filter.events).toEqual(['INSERT']);
  });
});
