import { setTimeout as sleep } from 'node:timers/promises';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { ConsumerDef } from '#lib/catalogue/index.ts';
import { functionNameOf, type LambdaHost } from '#local/lambda/host.ts';
import { log } from '#local/log.ts';
import { recordOutcome, type SourceStatus } from '#local/status.ts';
import type { Poller } from './poller.ts';
import { failedMessageIds, toSqsEvent } from './sqs-event.ts';

/**
 * Seconds a failed message stays hidden before it is tried again. Lambda leaves it for the queue's
 * visibility timeout (minutes); locally the retries and the move to the DLQ happen while you watch.
 * Never 0: fauxqs with persistence loses a message whose visibility is set to 0 (fauxqs 2.4).
 */
const RETRY_DELAY_SECONDS = 1;

/**
 * The SQS event source mapping of one consumer: long-polls its queue, invokes the consumer with an
 * SQSEvent, deletes what succeeded and returns the rest to the queue, which moves a message to its DLQ
 * after `maxReceiveCount` receives.
 */
export function startSqsPoller(options: {
  sqs: SQSClient;
  host: LambdaHost;
  consumer: ConsumerDef;
  queueUrl: string;
  queueArn: string;
  status: SourceStatus;
}): Poller {
  const { sqs, host, consumer, queueUrl, queueArn, status } = options;
  const abort = new AbortController();
  const functionName = functionNameOf(consumer.service, consumer.handler);

  const settle = async (messages: Message[], failedIds: string[]): Promise<void> => {
    const done = messages.filter((m) => !failedIds.includes(m.MessageId!));
    const failed = messages.filter((m) => failedIds.includes(m.MessageId!));
    if (done.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
        }),
      );
    }
    if (failed.length > 0) {
      await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: failed.map((m, i) => ({
            Id: String(i),
            ReceiptHandle: m.ReceiptHandle!,
            VisibilityTimeout: RETRY_DELAY_SECONDS,
          })),
        }),
      );
    }
  };

  const poll = async (): Promise<void> => {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(consumer.batchSize, 10),
        WaitTimeSeconds: 20,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: abort.signal },
    );
    if (Messages.length === 0) return;
    const outcome = await host.invoke(consumer.service, {
      handler: consumer.handler,
      functionName,
      timeoutMs: consumer.timeoutSeconds * 1000,
      event: toSqsEvent(Messages, queueArn),
    });
    const ids = Messages.map((m) => m.MessageId!);
    const failedIds = outcome.ok ? failedMessageIds(outcome.result, ids) : ids;
    recordOutcome(status, outcome, {
      failed: failedIds.length > 0,
      describe: (reason) =>
        `${functionName} failed on ${failedIds.length} message(s) of ${consumer.queue}: ${reason}`,
    });
    await settle(Messages, failedIds);
  };

  const loop = (async () => {
    while (!abort.signal.aborted) {
      try {
        await poll();
      } catch (error) {
        if (abort.signal.aborted) break;
        log.warn(`polling ${consumer.queue} failed; retrying`, (error as Error).message);
        await sleep(1000);
      }
    }
  })();

  return {
    stop: async () => {
      abort.abort();
      await loop;
    },
  };
}
