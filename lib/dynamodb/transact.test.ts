import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createPrivateTable, type PrivateTable } from '#test/support/private-table.ts';
import { dynamo } from './client.ts';
import { failedAt, onlyConflicts, type TransactResult, transactWrite } from './transact.ts';

let table: PrivateTable;

beforeAll(async () => {
  table = await createPrivateTable('inventory');
});

afterAll(async () => {
  await table.drop();
});

const key = (id: string) => ({ pk: `T#${id}`, sk: 'ITEM' });
const putNew = (id: string, extra: Record<string, unknown> = {}) => ({
  Put: {
    TableName: table.name,
    Item: { ...key(id), ...extra },
    ConditionExpression: 'attribute_not_exists(pk)',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  },
});
const read = async (id: string) =>
  (await dynamo.send(new GetCommand({ TableName: table.name, Key: key(id), ConsistentRead: true }))).Item;

describe('transactWrite', () => {
  it('writes every element and answers ok', async () => {
    const result = await transactWrite(dynamo, [putNew('a1', { n: 1 }), putNew('a2', { n: 2 })]);

    expect(result).toEqual({ ok: true });
    expect(await read('a1')).toMatchObject({ n: 1 });
    expect(await read('a2')).toMatchObject({ n: 2 });
  });

  it('answers which element failed its condition, with the item as it stood, and writes nothing', async () => {
    await transactWrite(dynamo, [putNew('b2', { n: 7, tags: ['x'] })]);

    const result = await transactWrite(dynamo, [putNew('b1'), putNew('b2', { n: 8 }), putNew('b3')]);

    expect(result).toEqual({
      ok: false,
      reasons: [
        { index: 0, code: 'None' },
        { index: 1, code: 'ConditionalCheckFailed', item: { ...key('b2'), n: 7, tags: ['x'] } },
        { index: 2, code: 'None' },
      ],
    });
    expect(failedAt(result, 1)).toBe(true);
    expect(failedAt(result, 0)).toBe(false);
    expect(onlyConflicts(result)).toBe(false);
    expect(await read('b1')).toBeUndefined();
    expect(await read('b2')).toMatchObject({ n: 7 });
  });

  it('applies a client request token once', async () => {
    const items = [
      {
        Update: {
          TableName: table.name,
          Key: key('c1'),
          UpdateExpression: 'ADD n :one',
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
    ];

    expect(await transactWrite(dynamo, items, { clientRequestToken: 'tok-c1' })).toEqual({ ok: true });
    expect(await transactWrite(dynamo, items, { clientRequestToken: 'tok-c1' })).toEqual({ ok: true });
    expect(await read('c1')).toMatchObject({ n: 1 });
  });

  it('rethrows anything that is not a cancelled transaction', async () => {
    const bad = [{ Put: { TableName: `${table.name}-missing`, Item: key('d1') } }];

    await expect(transactWrite(dynamo, bad)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe('onlyConflicts', () => {
  const cancelled = (...codes: string[]): TransactResult => ({
    ok: false,
    reasons: codes.map((code, index) => ({ index, code })),
  });

  it('is true when every failing element lost to a concurrent transaction', () => {
    expect(onlyConflicts(cancelled('None', 'TransactionConflict', 'TransactionConflict'))).toBe(true);
  });

  it('is false when any element failed otherwise, or for a success', () => {
    expect(onlyConflicts(cancelled('TransactionConflict', 'ConditionalCheckFailed'))).toBe(false);
    expect(onlyConflicts(cancelled('None', 'ThrottlingError'))).toBe(false);
    expect(onlyConflicts(cancelled('None'))).toBe(false);
    expect(onlyConflicts({ ok: true })).toBe(false);
  });
});
