import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { createPrivateTable, type PrivateTable } from '#test/support/private-table.ts';
import { attachMeter, type MeterLine, meteredInvocation, meterFromEnvironment, units } from './meter.ts';

let table: PrivateTable;
let dir: string;
let file: string;
let client: DynamoDBClient;
let db: DynamoDBDocumentClient;

beforeAll(async () => {
  table = await createPrivateTable('inventory');
  dir = mkdtempSync(join(tmpdir(), 'meter-'));
  file = join(dir, 'meter.jsonl');
  client = new DynamoDBClient({});
  attachMeter(client, file);
  // Built as lib/dynamodb/client.ts builds it: the document client shares the metered client's stack.
  db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
});

afterAll(async () => {
  client.destroy();
  await table.drop();
  rmSync(dir, { recursive: true, force: true });
});

const lines = (): MeterLine[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
/** The lines the call `run` added. */
const metered = async (run: () => Promise<unknown>): Promise<MeterLine[]> => {
  const before = lines().length;
  await run().catch(() => undefined);
  return lines().slice(before);
};
const key = (id: string) => ({ pk: `M#${id}`, sk: 'ITEM' });

beforeEach(async () => {
  // The file exists from the first request on; start each test from a known count.
  await db.send(new GetCommand({ TableName: table.name, Key: key('warm') }));
});

describe('the DynamoDB meter on DynamoDB Local', () => {
  it('records a document put with its operation, table and write units, and leaves the answer as asked', async () => {
    let answer: Record<string, unknown> = {};
    const [line] = await metered(async () => {
      answer = await db.send(new PutCommand({ TableName: table.name, Item: { ...key('p1'), n: 1 } }));
    });

    expect(line).toMatchObject({ fn: '?', op: 'PutItem', tables: [table.name], items: 1, ok: true, rcu: 0 });
    expect(line!.wcu).toBeGreaterThanOrEqual(1);
    expect(line!.attempts).toBe(1);
    expect(answer.ConsumedCapacity).toBeUndefined();
  });

  it('names the invoking function and counts read units', async () => {
    const [line] = await metered(() =>
      meteredInvocation.run('sales-place-order', () =>
        db.send(new GetCommand({ TableName: table.name, Key: key('p1'), ConsistentRead: true })),
      ),
    );

    expect(line).toMatchObject({ fn: 'sales-place-order', op: 'GetItem', ok: true, wcu: 0 });
    expect(line!.rcu).toBeGreaterThan(0);
  });

  it('counts a transaction by its items and tables, and a cancelled one as a failed request', async () => {
    const put = (id: string) => ({
      Put: { TableName: table.name, Item: key(id), ConditionExpression: 'attribute_not_exists(pk)' },
    });
    const [done] = await metered(() =>
      db.send(new TransactWriteCommand({ TransactItems: [put('t1'), put('t2'), put('t3')] })),
    );
    const [cancelled] = await metered(() =>
      db.send(new TransactWriteCommand({ TransactItems: [put('t4'), put('t1')] })),
    );

    expect(done).toMatchObject({ op: 'TransactWriteItems', tables: [table.name], items: 3, ok: true });
    // As DynamoDB Local counts it (about 4 units per KB of the whole transaction, AWS bills 2 per item).
    expect(done!.wcu).toBeGreaterThan(0);
    expect(cancelled).toMatchObject({
      op: 'TransactWriteItems',
      items: 2,
      ok: false,
      error: 'TransactionCanceledException',
      wcu: 0,
    });
  });

  it('counts a failed condition', async () => {
    const [line] = await metered(() =>
      db.send(
        new UpdateCommand({
          TableName: table.name,
          Key: key('p1'),
          UpdateExpression: 'SET n = :n',
          ConditionExpression: 'n = :other',
          ExpressionAttributeValues: { ':n': 2, ':other': 99 },
        }),
      ),
    );

    expect(line).toMatchObject({ op: 'UpdateItem', ok: false, error: 'ConditionalCheckFailedException' });
  });

  it('counts the requests of a batch and the items a query returned', async () => {
    const [batch] = await metered(() =>
      db.send(
        new BatchWriteCommand({
          RequestItems: { [table.name]: ['q1', 'q2'].map((id) => ({ PutRequest: { Item: key(id) } })) },
        }),
      ),
    );
    const [query] = await metered(() =>
      db.send(
        new QueryCommand({
          TableName: table.name,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'M#q1' },
        }),
      ),
    );

    expect(batch).toMatchObject({ op: 'BatchWriteItem', items: 2, ok: true });
    expect(batch!.wcu).toBeGreaterThanOrEqual(2);
    expect(query).toMatchObject({ op: 'Query', items: 1, ok: true });
    expect(query!.rcu).toBeGreaterThan(0);
  });

  it('keeps the capacity a caller asked for itself', async () => {
    let answer: Record<string, unknown> = {};
    await metered(async () => {
      answer = await db.send(
        new GetCommand({ TableName: table.name, Key: key('p1'), ReturnConsumedCapacity: 'TOTAL' }),
      );
    });

    expect(answer.ConsumedCapacity).toMatchObject({ TableName: table.name });
  });
});

describe('meterFromEnvironment', () => {
  const saved = process.env.DYNAMODB_METER_FILE;
  afterEach(() => {
    if (saved === undefined) delete process.env.DYNAMODB_METER_FILE;
    else process.env.DYNAMODB_METER_FILE = saved;
  });
  const names = (c: DynamoDBClient) => c.middlewareStack.identify().join(' ');

  it('attaches nothing when DYNAMODB_METER_FILE is unset', () => {
    delete process.env.DYNAMODB_METER_FILE;
    expect(names(meterFromEnvironment(new DynamoDBClient({})))).not.toContain('dynamodbMeter');
  });

  it('attaches the meter when it is set', () => {
    process.env.DYNAMODB_METER_FILE = join(tmpdir(), 'unused-meter.jsonl');
    expect(names(meterFromEnvironment(new DynamoDBClient({})))).toContain('dynamodbMeter');
  });
});

describe('units', () => {
  it('reads split units when DynamoDB gives them, else CapacityUnits by the kind of operation', () => {
    expect(units('TransactWriteItems', [{ CapacityUnits: 4 }, { CapacityUnits: 2 }])).toEqual({
      wcu: 6,
      rcu: 0,
    });
    expect(units('GetItem', { CapacityUnits: 0.5 })).toEqual({ wcu: 0, rcu: 0.5 });
    expect(units('UpdateItem', { CapacityUnits: 1, WriteCapacityUnits: 1, ReadCapacityUnits: 0 })).toEqual({
      wcu: 1,
      rcu: 0,
    });
  });
});
