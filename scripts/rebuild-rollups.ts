/**
 * `npm run rollups:rebuild`: recomputes the sales report's monthly, daily and hourly rollups from every order
 * and return in the Sales table, into a new generation that reports switch to when it is written
 * (functions/sales/store/rollup-rebuild.ts). Run it once after deploying the rollups to a table that
 * already has orders, or whenever the rollups are in doubt: it is safe while orders arrive (it waits
 * about two minutes so that the stream and the scan meet without a gap or an overlap) and safe to run
 * again (each run builds its own generation; the last one to finish is the one reports read).
 *
 *   npm run rollups:rebuild                          the local runtime's table (`npm start`)
 *   npm run rollups:rebuild -- --table <SalesTable>  a deployed stack's table, with the usual AWS credentials
 *   --endpoint <url>   another DynamoDB (default: AWS_ENDPOINT_URL_DYNAMODB, DYNAMODB_ENDPOINT, or the
 *                      local runtime's http://127.0.0.1:8000 when no --table is given)
 *   --idle             the table takes no writes meanwhile (a restored copy): no waiting
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tableOf } from '#lib/catalogue/index.ts';
import { dummyCredentials, region } from '#local/aws.ts';
import { rebuildRollups } from '../functions/sales/store/rollup-rebuild.ts';

const { values } = parseArgs({
  options: {
    table: { type: 'string' },
    endpoint: { type: 'string' },
    idle: { type: 'boolean', default: false },
  },
});

const table = values.table ?? tableOf('sales').name;
const endpoint =
  values.endpoint ??
  process.env.AWS_ENDPOINT_URL_DYNAMODB ??
  process.env.DYNAMODB_ENDPOINT ??
  (values.table === undefined ? 'http://127.0.0.1:8000' : undefined);
const client = new DynamoDBClient(
  endpoint ? { endpoint, region: process.env.AWS_REGION ?? region, credentials: dummyCredentials } : {},
);
const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
const say = (line: string) => process.stderr.write(`[rollups] ${line}\n`);

try {
  say(`table ${table}${endpoint ? ` at ${endpoint}` : ''}`);
  const outcome = await rebuildRollups(db, table, { idle: values.idle, say });
  process.stdout.write(`${JSON.stringify(outcome, null, 2)}\n`);
} catch (error) {
  say(`failed: ${(error as Error).message}`);
  // An unfinished generation is still written by the stream (twice the rollup writes) until a run finishes.
  say('run the command again: it replaces the unfinished generation');
  process.exitCode = 1;
} finally {
  client.destroy();
}
