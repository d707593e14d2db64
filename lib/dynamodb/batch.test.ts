import {
  BatchGetCommand,
  type BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
} from '@aws-sdk/lib-dynamodb';
import { createPrivateTable, type PrivateTable } from '#test/support/private-table.ts';
import { withDeadline } from '../deadline.ts';
import { BATCH_ATTEMPTS, batchGet, batchWrite } from './batch.ts';
import { dynamo } from './client.ts';

let table: PrivateTable;

beforeAll(async () => {
  table = await createPrivateTable('inventory');
});

afterAll(async () => {
  await table.drop();
});

const key = (id: string) => ({ pk: `B#${id}`, sk: 'ITEM' });
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const read = async (id: string) =>
  (await dynamo.send(new GetCommand({ TableName: table.name, Key: key(id), ConsistentRead: true }))).Item;

describe('batchWrite and batchGet against DynamoDB', () => {
  it('writes and reads back more items than one request holds', async () => {
    const written = ids('w', 130);
    await batchWrite(
      dynamo,
      table.name,
      written.map((id, n) => ({ put: { ...key(id), n } })),
    );

    const found = await batchGet(dynamo, table.name, [...written, 'absent'].map(key), { consistent: true });

    expect(found).toHaveLength(130);
    expect(new Set(found.map((item) => item.n))).toEqual(new Set(written.map((_, n) => n)));
  });

  it('deletes by key and projects what a read asks for', async () => {
    await batchWrite(dynamo, table.name, [
      { put: { ...key('p1'), n: 1, other: 'x' } },
      { put: { ...key('p2'), n: 2, other: 'y' } },
    ]);
    await batchWrite(dynamo, table.name, [{ delete: key('p2') }]);

    const found = await batchGet(dynamo, table.name, [key('p1'), key('p2')], {
      projection: '#n',
      names: { '#n': 'n' },
      consistent: true,
    });

    expect(found).toEqual([{ n: 1 }]);
    expect(await read('p2')).toBeUndefined();
  });

  it('does nothing for no work', async () => {
    await batchWrite(dynamo, table.name, []);
    expect(await batchGet(dynamo, table.name, [])).toEqual([]);
  });
});

/** A client whose batch calls leave the first `unprocessedRounds` answers' last element undone. */
function throttlingClient(unprocessedRounds: number) {
  const sent: unknown[][] = [];
  const send = async (command: BatchGetCommand | BatchWriteCommand) => {
    const [tableName, request] = Object.entries(command.input.RequestItems ?? {})[0] as [string, never];
    const isGet = command instanceof BatchGetCommand;
    const pending: unknown[] = isGet ? (request as { Keys: unknown[] }).Keys : request;
    sent.push(pending);
    const throttled = sent.length <= unprocessedRounds ? pending.slice(-1) : [];
    const done = pending.slice(0, pending.length - throttled.length);
    if (!isGet) return { UnprocessedItems: throttled.length ? { [tableName]: throttled } : {} };
    return {
      Responses: { [tableName]: done.map((k) => ({ ...(k as object), found: true })) },
      UnprocessedKeys: throttled.length ? { [tableName]: { Keys: throttled } } : {},
    };
  };
  return { db: { send } as unknown as DynamoDBDocumentClient, sent };
}

describe('batch retries of unprocessed work', () => {
  it('sends again only the items DynamoDB handed back', async () => {
    const { db, sent } = throttlingClient(1);

    await batchWrite(db, 't', [{ put: key('u1') }, { put: key('u2') }, { delete: key('u3') }]);

    expect(sent).toEqual([
      [
        { PutRequest: { Item: key('u1') } },
        { PutRequest: { Item: key('u2') } },
        { DeleteRequest: { Key: key('u3') } },
      ],
      [{ DeleteRequest: { Key: key('u3') } }],
    ]);
  });

  it('reads again only the keys DynamoDB handed back, and returns every item', async () => {
    const { db, sent } = throttlingClient(2);

    const found = await batchGet(db, 't', [key('k1'), key('k2'), key('k3')]);

    expect(sent).toEqual([[key('k1'), key('k2'), key('k3')], [key('k3')], [key('k3')]]);
    expect(found.map((item) => item.pk).sort()).toEqual(['B#k1', 'B#k2', 'B#k3']);
  });

  it('chunks writes by 25 and reads by 100', async () => {
    const writes = throttlingClient(0);
    const reads = throttlingClient(0);

    await batchWrite(
      writes.db,
      't',
      ids('c', 60).map((id) => ({ put: key(id) })),
    );
    await batchGet(reads.db, 't', ids('c', 250).map(key));

    expect(writes.sent.map((chunk) => chunk.length)).toEqual([25, 25, 10]);
    expect(reads.sent.map((chunk) => chunk.length)).toEqual([100, 100, 50]);
  });

  it('gives up with a retryable 503 after its attempts', async () => {
    const { db, sent } = throttlingClient(Number.POSITIVE_INFINITY);

    const failure = await batchWrite(db, 't', [{ put: key('x') }]).catch((e: unknown) => e);

    expect(failure).toMatchObject({ code: 'dependency_unavailable', headers: { 'retry-after': '1' } });
    expect(sent).toHaveLength(BATCH_ATTEMPTS);
  });

  it('gives up before the request deadline', async () => {
    const { db, sent } = throttlingClient(Number.POSITIVE_INFINITY);
    const started = Date.now();

    const failure = await withDeadline(Date.now() + 300, () =>
      batchGet(db, 't', [key('x')]).catch((e: unknown) => e),
    );

    expect(failure).toMatchObject({ code: 'dependency_unavailable' });
    expect(sent.length).toBeLessThan(BATCH_ATTEMPTS);
    expect(Date.now() - started).toBeLessThan(300);
  });
});
