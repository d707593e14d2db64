import { randomBytes } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type ServiceName, tableOf } from '#lib/catalogue/index.ts';
import { ensureTable } from '#local/provision/tables.ts';

export interface PrivateTable {
  name: string;
  drop: () => Promise<void>;
}

/**
 * A private copy of a service's table on the test DynamoDB Local, made exactly as the runtime makes
 * its own. No poller watches it, so outbox rows stay where a test can read them, a counter starts
 * from nothing, and no test sees another's data.
 */
export async function createPrivateTable(service: ServiceName): Promise<PrivateTable> {
  const name = `${service}-test-${randomBytes(4).toString('hex')}`;
  const client = new DynamoDBClient({});
  await ensureTable(client, { ...tableOf(service), name });
  return {
    name,
    drop: async () => {
      await client.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
      client.destroy();
    },
  };
}
