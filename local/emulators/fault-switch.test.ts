import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { freePort } from '#local/preflight.ts';
import { waitFor } from '#test/support/wait.ts';
import { type FaultSwitch, startFaultSwitch } from './fault-switch.ts';
import { LONGEST_WAIT_SECONDS } from './long-polls.ts';
import { type Messaging, startMessaging } from './messaging.ts';

// The switch in front of an emulator the runtime did not start, on a real fauxqs standing in for it.

const sqsAt = (endpoint: string) =>
  new SQSClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });

describe('the fault switch in front of an external SNS/SQS emulator', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fault-switch-'));
  let emulator: Messaging;
  let switched: FaultSwitch;
  let direct: SQSClient;
  let through: SQSClient;
  let queueUrl: string;

  beforeAll(async () => {
    emulator = await startMessaging({ port: await freePort(), dataDir });
    switched = await startFaultSwitch(emulator.endpoint);
    direct = sqsAt(emulator.endpoint);
    through = sqsAt(switched.endpoint);
    // Longer than the test: a message hidden by a lost poll would not come back within it.
    ({ QueueUrl: queueUrl = '' } = await direct.send(
      new CreateQueueCommand({ QueueName: 'switched', Attributes: { VisibilityTimeout: '300' } }),
    ));
  });

  afterAll(async () => {
    direct.destroy();
    through.destroy();
    await switched.stop();
    await emulator.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('passes requests through, refuses them while paused without touching the emulator, and passes them again after', async () => {
    const send = (client: SQSClient, body: string) =>
      client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body })).then(
        () => 'sent',
        () => 'failed',
      );

    const before = await send(through, 'one');
    await switched.pause();
    const whilePaused = await send(through, 'two');
    const directWhilePaused = await send(direct, 'three');
    await switched.resume();
    const after = await send(through, 'four');

    expect([before, whilePaused, directWhilePaused, after]).toEqual(['sent', 'failed', 'sent', 'sent']);
    await drain(direct, queueUrl);
  });

  it('keeps long polls short, and hands back what a poll its client left received long before its visibility timeout', async () => {
    const started = Date.now();
    const empty = await through.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 20 }));
    const shortPollMs = Date.now() - started;

    // A poller stops while its poll waits; a message arrives before the emulator ends that poll.
    const abort = new AbortController();
    const abandoned = through
      .send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 20 }), {
        abortSignal: abort.signal,
      })
      .catch(() => 'aborted');
    await waitFor('the poll to reach the emulator', async () =>
      switched.longPolls() === 1 ? true : undefined,
    );
    abort.abort();
    expect(await abandoned).toBe('aborted');
    await direct.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'for the next poller' }));
    const received = await drain(direct, queueUrl, 10_000);

    expect(empty.Messages ?? []).toEqual([]);
    expect(shortPollMs).toBeLessThan((LONGEST_WAIT_SECONDS + 2) * 1000);
    expect(received).toEqual(['for the next poller']);
  }, 20_000);
});

/** The bodies of the messages received within `withinMs` (stops at the first empty poll after one). */
async function drain(sqs: SQSClient, queueUrl: string, withinMs = 3_000): Promise<string[]> {
  const bodies: string[] = [];
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    bodies.push(...Messages.map((m) => m.Body ?? ''));
    if (Messages.length === 0 && bodies.length > 0) break;
  }
  return bodies;
}
