import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { call, getToken } from './support/api.ts';
import { freePort } from './support/ports.ts';
import { newDataDir, spawnRuntime, startTestRuntime } from './support/runtime.ts';
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
    const first = await startTestRuntime({ env: { DEMO_DATA: 'false' } });
    const dataDir = first.dataDir;
    const key = { pk: { S: 'LIFECYCLE#1' }, sk: { S: 'ITEM' } };
    let second: Awaited<ReturnType<typeof startTestRuntime>> | undefined;
    try {
      const client = ddb(first.dynamodbEndpoint);
      await client.send(
        new PutItemCommand({ TableName: 'inventory', Item: { ...key, note: { S: 'kept' } } }),
      );
      client.destroy();
      const earlierToken = await getToken(first.baseUrl, 'admin');

      // Faults: a service's routes answer 503, or are delayed, until cleared.
      const down = await call('POST', '/__local/faults', {
        baseUrl: first.baseUrl,
        body: { target: 'inventory', mode: 'unavailable' },
      });
      const refused = await call('GET', '/inventory/products', {
        baseUrl: first.baseUrl,
        token: earlierToken,
      });
      const otherService = await call('GET', '/prices/promotions', {
        baseUrl: first.baseUrl,
        token: earlierToken,
      });
      await call('POST', '/__local/faults', {
        baseUrl: first.baseUrl,
        body: { target: 'inventory', mode: 'slow', delayMs: 400 },
      });
      const started = Date.now();
      const slow = await call('GET', '/inventory/products', { baseUrl: first.baseUrl, token: earlierToken });
      const slowMs = Date.now() - started;
      const cleared = await call('DELETE', '/__local/faults', { baseUrl: first.baseUrl });
      const healthy = await call('GET', '/inventory/products', {
        baseUrl: first.baseUrl,
        token: earlierToken,
      });

      expect(down.status).toBe(200);
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ code: 'dependency_unavailable' });
      expect(otherService.status).not.toBe(503);
      expect(slowMs).toBeGreaterThanOrEqual(400);
      expect(slow.status).not.toBe(503);
      expect(cleared.body).toEqual({ faults: [] });
      expect(healthy.status).not.toBe(503);

      expect(javaOf(dataDir)).not.toBe('');
      const exit = await first.kill('SIGTERM');
      expect(exit.code).toBe(0);
      expect(javaOf(dataDir)).toBe('');

      // The same ports: the issuer URL (the tokens' `iss`) is the base URL.
      const portOf = (url: string) => new URL(url).port;
      second = await startTestRuntime({
        dataDir,
        env: {
          DEMO_DATA: 'false',
          PORT: portOf(first.baseUrl),
          DYNAMODB_PORT: portOf(first.dynamodbEndpoint),
          MESSAGING_PORT: portOf(first.messagingEndpoint),
        },
      });
      const again = ddb(second.dynamodbEndpoint);
      const { Item } = await again.send(new GetItemCommand({ TableName: 'inventory', Key: key }));
      again.destroy();
      const jwks = await call('GET', '/.well-known/jwks.json', { baseUrl: second.baseUrl });
      const withOldToken = await call('GET', '/inventory/products', {
        baseUrl: second.baseUrl,
        token: earlierToken,
      });

      expect(Item?.note).toEqual({ S: 'kept' });
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
