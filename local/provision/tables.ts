import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  type TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import type { TableDef } from '#lib/catalogue/index.ts';
import { log } from '#local/log.ts';

const keyAttributes = (table: TableDef): string[] => [
  table.partitionKey,
  table.sortKey,
  ...table.globalIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
];

const gsi = (index: TableDef['globalIndexes'][number]) => ({
  IndexName: index.name,
  KeySchema: [
    { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
    { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
  ],
  Projection: { ProjectionType: 'ALL' as const },
});

async function describe(client: DynamoDBClient, name: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

/**
 * Creates the table as the catalogue describes it, or brings an existing one (from an earlier start)
 * up to date without touching its items. Returns the table's stream ARN.
 */
export async function ensureTable(client: DynamoDBClient, table: TableDef): Promise<string> {
  let description = await describe(client, table.name);
  if (!description) {
    log.info(`creating table ${table.name}`);
    description = (
      await client.send(
        new CreateTableCommand({
          TableName: table.name,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: keyAttributes(table).map((name) => ({
            AttributeName: name,
            AttributeType: 'S',
          })),
          KeySchema: [
            { AttributeName: table.partitionKey, KeyType: 'HASH' },
            { AttributeName: table.sortKey, KeyType: 'RANGE' },
          ],
          GlobalSecondaryIndexes: table.globalIndexes.map(gsi),
          StreamSpecification: { StreamEnabled: true, StreamViewType: table.stream },
        }),
      )
    ).TableDescription;
  } else {
    description = await addMissingParts(client, table, description);
  }
  await ensureTtl(client, table);
  const streamArn = description?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${table.name} has no stream`);
  return streamArn;
}

async function addMissingParts(
  client: DynamoDBClient,
  table: TableDef,
  current: TableDescription,
): Promise<TableDescription | undefined> {
  let description: TableDescription | undefined = current;
  const existing = new Set((current.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  // DynamoDB accepts one new index per UpdateTable call.
  for (const index of table.globalIndexes.filter((i) => !existing.has(i.name))) {
    log.info(`adding index ${index.name} to table ${table.name}`);
    description = (
      await client.send(
        new UpdateTableCommand({
          TableName: table.name,
          AttributeDefinitions: keyAttributes(table).map((name) => ({
            AttributeName: name,
            AttributeType: 'S',
          })),
          GlobalSecondaryIndexUpdates: [{ Create: gsi(index) }],
        }),
      )
    ).TableDescription;
  }
  const stream = description?.StreamSpecification;
  if (!stream?.StreamEnabled || stream.StreamViewType !== table.stream) {
    log.info(`enabling the ${table.stream} stream of table ${table.name}`);
    description = (
      await client.send(
        new UpdateTableCommand({
          TableName: table.name,
          StreamSpecification: { StreamEnabled: true, StreamViewType: table.stream },
        }),
      )
    ).TableDescription;
  }
  return description;
}

async function ensureTtl(client: DynamoDBClient, table: TableDef): Promise<void> {
  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: table.name }));
  const current = ttl.TimeToLiveDescription;
  if (current?.TimeToLiveStatus === 'ENABLED' && current.AttributeName === table.ttlAttribute) return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: table.name,
      TimeToLiveSpecification: { Enabled: true, AttributeName: table.ttlAttribute },
    }),
  );
}
