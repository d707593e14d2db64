import { existsSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { queues, tables, topics } from '#lib/catalogue/index.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from '#local/emulators/dynamodb-local.ts';
import { type Messaging, startMessaging } from '#local/emulators/messaging.ts';
import { eventSource } from './support/event-sources.ts';
import { freePort, freePorts } from './support/ports.ts';
import { newDataDir, startTestRuntime, type TestRuntime } from './support/runtime.ts';
import { type SalesClient, salesClient } from './support/sales-client.ts';
import { describeLocal } from './support/target.ts';
import { eventually, unique } from './support/wait.ts';

// DYNAMODB_ENDPOINT and MESSAGING_ENDPOINT (API.md, "Local runtime"): the runtime uses emulators that
// are already running. Here the test runs them itself, the same DynamoDB Local and fauxqs `npm start`
// would, on free ports, and points two runtimes at them one after the other.

const sdk = (endpoint: string) => ({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  maxAttempts: 1,
});

async function tableNames(endpoint: string): Promise<string[]> {
  const client = new DynamoDBClient(sdk(endpoint));
  try {
    return (await client.send(new ListTablesCommand({}))).TableNames ?? [];
  } finally {
    client.destroy();
  }
}

/** Queue names (the last segment of each URL) and topic names on the messaging emulator. */
async function messagingNames(endpoint: string): Promise<{ queues: string[]; topics: string[] }> {
  const sqs = new SQSClient(sdk(endpoint));
  const sns = new SNSClient(sdk(endpoint));
  try {
    const { QueueUrls = [] } = await sqs.send(new ListQueuesCommand({}));
    const { Topics = [] } = await sns.send(new ListTopicsCommand({}));
    return {
      queues: QueueUrls.map((url) => url.split('/').at(-1)!),
      topics: Topics.map((topic) => topic.TopicArn!.split(':').at(-1)!),
    };
  } finally {
    sqs.destroy();
    sns.destroy();
  }
}

/** Whether anything accepts a connection on 127.0.0.1:port. */
const listening = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

const catalogueQueues = queues.flatMap((queue) => [queue.name, queue.deadLetter.name]);

/** An order of one product that is confirmed, and its OrderConfirmed delivered to Inventory. */
async function sellAndSettle(api: SalesClient, productId: string, quantity: number) {
  const placed = await api.order(unique('cus'), [{ productId, quantity }]);
  expect(placed.status).toBe(201);
  const orderId = placed.body.orderId as string;
  const confirmed = await api.expectOneEvent('OrderConfirmed', (event) => event.data.orderId === orderId);
  const reservation = await eventually(
    () => api.reservationStatus(orderId),
    (status) => status === 'COMMITTED',
  );
  return { placed, confirmed, reservation };
}

describeLocal('emulators already running (DYNAMODB_ENDPOINT, MESSAGING_ENDPOINT)', () => {
  let emulatorsDir = '';
  let dynamodb: DynamoDbLocal | undefined;
  let messaging: Messaging | undefined;
  const runtimes: TestRuntime[] = [];

  beforeAll(async () => {
    emulatorsDir = newDataDir();
    dynamodb = await startDynamoDbLocal({ port: await freePort(), dataDir: emulatorsDir });
    messaging = await startMessaging({ port: await freePort(), dataDir: emulatorsDir });
  }, 90_000);

  afterAll(async () => {
    for (const runtime of runtimes) {
      await runtime.stop();
      runtime.remove();
    }
    await messaging?.stop();
    await dynamodb?.stop();
    if (emulatorsDir) rmSync(emulatorsDir, { recursive: true, force: true });
  });

  /** A runtime pointed at the two emulators; its own emulator ports are named, to see they stay closed. */
  async function pointedRuntime() {
    const [dynamodbPort, messagingPort] = await freePorts(2);
    const ports = { dynamodb: dynamodbPort!, messaging: messagingPort! };
    const runtime = await startTestRuntime({
      env: {
        DEMO_DATA: 'false',
        DYNAMODB_ENDPOINT: dynamodb!.endpoint,
        MESSAGING_ENDPOINT: messaging!.endpoint,
        DYNAMODB_PORT: String(ports.dynamodb),
        MESSAGING_PORT: String(ports.messaging),
      },
    });
    runtimes.push(runtime);
    const api = salesClient(runtime);
    return { runtime, ports, api };
  }

  it('provisions and sells on them, leaves them running when it stops, and a second runtime finds the data there', async () => {
    // Act: a first runtime, a product and an order.
    const first = await pointedRuntime();
    const productId = await first.api.product(10, 1500);
    const sold = await sellAndSettle(first.api, productId, 2);
    const streamPublisher = await eventSource(first.runtime.baseUrl, 'stream', 'sales-outbox');

    // Assert: every table, queue (with its DLQ) and topic is on the emulators the runtime was given;
    // it opened none of its own, and its banner says which it used.
    expect(await tableNames(dynamodb!.endpoint)).toEqual(expect.arrayContaining(tables.map((t) => t.name)));
    const names = await messagingNames(messaging!.endpoint);
    expect(names.queues).toEqual(expect.arrayContaining(catalogueQueues));
    expect(names.topics).toEqual(expect.arrayContaining(topics.map((t) => t.name)));
    expect(await listening(first.ports.dynamodb)).toBe(false);
    expect(await listening(first.ports.messaging)).toBe(false);
    expect(existsSync(join(first.runtime.dataDir, 'dynamodb'))).toBe(false);
    expect(existsSync(join(first.runtime.dataDir, 'messaging'))).toBe(false);
    expect(first.runtime.output()).toContain(
      `DynamoDB ${dynamodb!.endpoint} (DYNAMODB_ENDPOINT, already running)`,
    );
    expect(first.runtime.output()).toContain(
      `SNS/SQS ${messaging!.endpoint} (MESSAGING_ENDPOINT, already running)`,
    );
    // The order went through both: confirmed, its event out of the outbox (read from the given
    // DynamoDB's stream) and delivered to Inventory, which committed the reservation.
    expect(sold.placed.body).toMatchObject({ status: 'CONFIRMED', total: { amount: 3000 } });
    expect(sold.confirmed.data).toMatchObject({ orderId: sold.placed.body.orderId });
    expect(sold.reservation).toBe('COMMITTED');
    expect(streamPublisher.invocations).toBeGreaterThan(0);

    // Act: stop it.
    const exit = await first.runtime.kill('SIGTERM');

    // Assert: the emulators it did not start are still running, with everything on them.
    expect(exit.code).toBe(0);
    expect(await tableNames(dynamodb!.endpoint)).toEqual(expect.arrayContaining(tables.map((t) => t.name)));
    expect((await messagingNames(messaging!.endpoint)).queues).toEqual(
      expect.arrayContaining(catalogueQueues),
    );

    // Act: a second runtime on the same emulators, with a data directory of its own (so what it finds
    // is on the emulators), provisioning again over what is there; then a sale while a messaging fault
    // cuts it off from the emulator it does not own, and after the fault is cleared.
    const second = await pointedRuntime();
    const before = await second.api.call('GET', `/sales/orders/${sold.placed.body.orderId}`);
    const stockBefore = await second.api.stockOf(productId);
    const failuresBefore = (await eventSource(second.runtime.baseUrl, 'stream', 'sales-outbox')).failures;
    const duringFault = await second.api.withFault({ target: 'messaging', mode: 'unavailable' }, async () => {
      const placed = await second.api.order(unique('cus'), [{ productId, quantity: 3 }]);
      const publisherFailed = await eventually(
        async () => (await eventSource(second.runtime.baseUrl, 'stream', 'sales-outbox')).failures,
        (failures) => failures > failuresBefore,
      );
      return { placed, publisherFailed, emulator: await messagingNames(messaging!.endpoint) };
    });
    const orderId = duringFault.placed.body.orderId as string;
    const confirmed = await second.api.expectOneEvent(
      'OrderConfirmed',
      (event) => event.data.orderId === orderId,
    );
    const reservation = await eventually(
      () => second.api.reservationStatus(orderId),
      (status) => status === 'COMMITTED',
    );

    // Assert: the first runtime's order and stock are there; the fault cut the runtime off without
    // stopping the emulator, and the event went out once it was cleared.
    expect(before.status).toBe(200);
    expect(before.body).toEqual(sold.placed.body);
    expect(stockBefore).toBe(8);
    expect(duringFault.placed.status).toBe(201);
    expect(duringFault.publisherFailed).toBeGreaterThan(failuresBefore);
    expect(duringFault.emulator.queues).toEqual(expect.arrayContaining(catalogueQueues));
    expect(confirmed.data).toMatchObject({ orderId });
    expect(reservation).toBe('COMMITTED');
    expect(await second.api.stockOf(productId)).toBe(5);
  }, 120_000);
});
