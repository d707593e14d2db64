import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { dummyCredentials, region } from '#local/aws.ts';
import { log } from '#local/log.ts';
import { StartupError } from '#local/preflight.ts';
import { startFaultSwitch } from './fault-switch.ts';
import type { Messaging } from './messaging.ts';

// Emulators someone else runs (DYNAMODB_ENDPOINT, MESSAGING_ENDPOINT): the runtime checks that they
// answer their API, then uses them as they are. It never starts or stops them; its `stop` only lets go
// of what the runtime itself opened.

/** An emulator in a container may still be starting when `npm start` runs beside it. */
const ANSWER_WITHIN_MS = 15_000;

async function untilAnswering(
  variable: string,
  endpoint: string,
  speaks: string,
  probe: () => Promise<unknown>,
  signal?: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + ANSWER_WITHIN_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      await probe();
      return;
    } catch (error) {
      if (signal?.aborted) throw new StartupError('start interrupted');
      if (attempt === 1)
        log.info(`${variable}=${endpoint} does not answer yet; waiting up to ${ANSWER_WITHIN_MS / 1000} s`);
      if (Date.now() > deadline) {
        throw new StartupError(
          `${variable}=${endpoint} does not answer the ${speaks} API (${(error as Error).message}); start that emulator first, or unset ${variable} to let the runtime start its own.`,
        );
      }
      await sleep(250);
    }
  }
}

const sdk = (endpoint: string) => ({ endpoint, region, credentials: dummyCredentials, maxAttempts: 1 });

export async function useExternalDynamoDb(endpoint: string, signal?: AbortSignal): Promise<void> {
  const client = new DynamoDBClient(sdk(endpoint));
  try {
    await untilAnswering(
      'DYNAMODB_ENDPOINT',
      endpoint,
      'DynamoDB',
      () => client.send(new ListTablesCommand({ Limit: 1 })),
      signal,
    );
  } finally {
    client.destroy();
  }
  log.info(`using the DynamoDB already running at ${endpoint} (DYNAMODB_ENDPOINT)`);
}

/**
 * Checks both halves (an SQS-only emulator would fail later, at the first subscription) and returns
 * what the runtime talks to: a fault switch in front of it, so that a `messaging` fault still works.
 */
export async function useExternalMessaging(endpoint: string, signal?: AbortSignal): Promise<Messaging> {
  const sns = new SNSClient(sdk(endpoint));
  const sqs = new SQSClient(sdk(endpoint));
  try {
    await untilAnswering(
      'MESSAGING_ENDPOINT',
      endpoint,
      'SNS and SQS',
      () => Promise.all([sns.send(new ListTopicsCommand({})), sqs.send(new ListQueuesCommand({}))]),
      signal,
    );
  } finally {
    sns.destroy();
    sqs.destroy();
  }
  log.info(`using the SNS/SQS emulator already running at ${endpoint} (MESSAGING_ENDPOINT)`);
  return startFaultSwitch(endpoint);
}
