import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { call, getToken } from './support/api.ts';
import { freePort } from './support/ports.ts';
import { newDataDir, spawnRuntime, startTestRuntime, type TestRuntime } from './support/runtime.ts';
import { describeLocal } from './support/target.ts';

// Starting, stopping and restarting the runtime itself (API.md, "Local runtime"), on private runtimes.

/** The Java process of the runtime that keeps its data in `dataDir`, if any is alive. */
const javaOf = (dataDir: string): string =>
  spawnSync('pgrep', ['-f', `DynamoDBLocal.jar.*${join(dataDir, 'dynamodb')}`], {
    encoding: 'utf8',
  }).stdout.trim();

const ddb = (endpoint: string) =>
  new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });

const rowKey = { pk: { S: 'LIFECYCLE#1' }, sk: { S: 'ITEM' } };

async function putRow(endpoint: string, note: string): Promise<void> {
  const client = ddb(endpoint);
  await client.send(new PutItemCommand({ TableName: 'inventory', Item: { ...rowKey, note: { S: note } } }));
  client.destroy();
}

async function readRow(endpoint: string) {
  const client = ddb(endpoint);
  const { Item } = await client.send(new GetItemCommand({ TableName: 'inventory', Key: rowKey }));
  client.destroy();
  return Item;
}

/** Inventory made unavailable, then slow by 400 ms, then cleared; Pricing asked while it is down. */
async function faultsApplied(baseUrl: string, token: string) {
  const down = await call('POST', '/__local/faults', {
    baseUrl,
    body: { target: 'inventory', mode: 'unavailable' },
  });
  const refused = await call('GET', '/inventory/products', { baseUrl, token });
  const otherService = await call('GET', '/prices/promotions', { baseUrl, token });
  await call('POST', '/__local/faults', {
    baseUrl,
    body: { target: 'inventory', mode: 'slow', delayMs: 400 },
  });
  const started = Date.now();
  const slow = await call('GET', '/inventory/products', { baseUrl, token });
  const slowMs = Date.now() - started;
  const cleared = await call('DELETE', '/__local/faults', { baseUrl });
  const healthy = await call('GET', '/inventory/products', { baseUrl, token });
  return { down, refused, otherService, slow, slowMs, cleared, healthy };
}

/** The same ports: the issuer URL (the tokens' `iss`) is the base URL. */
function restartOnSamePorts(first: TestRuntime): Promise<TestRuntime> {
  const portOf = (url: string) => new URL(url).port;
  return startTestRuntime({
    dataDir: first.dataDir,
    env: {
      DEMO_DATA: 'false',
      PORT: portOf(first.baseUrl),
      DYNAMODB_PORT: portOf(first.dynamodbEndpoint),
      MESSAGING_PORT: portOf(first.messagingEndpoint),
    },
  });
}

describeLocal('runtime lifecycle', () => {
  it('refuses to start on a taken port with one line and exit code 1', async () => {
    const holder: Server = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    const dataDir = newDataDir();
    try {
      const spawned = spawnRuntime(
        {
          PORT: String(port),
          DYNAMODB_PORT: String(await freePort()),
          MESSAGING_PORT: String(await freePort()),
          DATA_DIR: dataDir,
        },
        join(dataDir, 'runtime.log'),
      );

      const { code } = await spawned.exited;

      expect(code).toBe(1);
      const lines = spawned.output().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^error: Port ${port} \\(PORT\\) is already in use`));
    } finally {
      holder.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('keeps its data across a restart, applies faults, and leaves no Java process behind on SIGTERM', async () => {
    // Arrange: a runtime with a row of its own in a table, and a token it issued.
    const first = await startTestRuntime({ env: { DEMO_DATA: 'false' } });
    const dataDir = first.dataDir;
    let second: TestRuntime | undefined;
    try {
      await putRow(first.dynamodbEndpoint, 'kept');
      const earlierToken = await getToken(first.baseUrl, 'admin');

      // Act: faults — a service's routes answer 503, or are delayed, until cleared.
      const faults = await faultsApplied(first.baseUrl, earlierToken);

      // Assert
      expect(faults.down.status).toBe(200);
      expect(faults.refused.status).toBe(503);
      expect(faults.refused.body).toMatchObject({ code: 'dependency_unavailable' });
      expect(faults.otherService.status).not.toBe(503);
      expect(faults.slowMs).toBeGreaterThanOrEqual(400);
      expect(faults.slow.status).not.toBe(503);
      expect(faults.cleared.body).toEqual({ faults: [] });
      expect(faults.healthy.status).not.toBe(503);

      // Act: SIGTERM
      const javaBefore = javaOf(dataDir);
      const exit = await first.kill('SIGTERM');

      // Assert
      expect(javaBefore).not.toBe('');
      expect(exit.code).toBe(0);
      expect(javaOf(dataDir)).toBe('');

      // Act: a restart on the same data and ports.
      second = await restartOnSamePorts(first);
      const item = await readRow(second.dynamodbEndpoint);
      const jwks = await call('GET', '/.well-known/jwks.json', { baseUrl: second.baseUrl });
      const withOldToken = await call('GET', '/inventory/products', {
        baseUrl: second.baseUrl,
        token: earlierToken,
      });

      // Assert
      expect(item?.note).toEqual({ S: 'kept' });
      expect(jwks.body.keys).toHaveLength(1);
      // The signing key lives in DATA_DIR, so a token from before the restart still passes.
      expect([401, 403]).not.toContain(withOldToken.status);
    } finally {
      await first.stop();
      await second?.stop();
      first.remove();
    }
  });
});
