import { setTimeout as sleep } from 'node:timers/promises';
import type { SNSClient } from '@aws-sdk/client-sns';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { TopicDef } from '#lib/catalogue/index.ts';
import { log } from '#local/log.ts';
import { ensureQueue, ensureSubscription } from '#local/provision/messaging.ts';

export interface EventsLog {
  /** Every envelope published since start, oldest first; only those of `type` when given. */
  list(type?: string): unknown[];
  stop(): Promise<void>;
}

interface Entry {
  sentAt: number;
  type: string | undefined;
  envelope: unknown;
}

/** Enough for any local session; the oldest entries go first beyond it. */
const MAX_ENTRIES = 100_000;

/**
 * Records what every topic publishes, by subscribing a local-only queue (no filter, raw delivery) to
 * each topic and draining it, so it sees exactly what SNS delivered to the real subscribers.
 */
export async function startEventsLog(
  clients: { sns: SNSClient; sqs: SQSClient },
  topics: readonly TopicDef[],
): Promise<EventsLog> {
  // Queues survive restarts with the emulator's data; what was sent before this start is not ours.
  const startedAt = Date.now();
  const entries: Entry[] = [];
  const abort = new AbortController();

  const record = (entry: Entry) => {
    let at = entries.length;
    while (at > 0 && entries[at - 1]!.sentAt > entry.sentAt) at--;
    entries.splice(at, 0, entry);
    if (entries.length > MAX_ENTRIES) entries.shift();
  };

  const drain = async (queueUrl: string): Promise<void> => {
    while (!abort.signal.aborted) {
      try {
        const { Messages = [] } = await clients.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 20,
            MessageSystemAttributeNames: ['SentTimestamp'],
            MessageAttributeNames: ['type'],
          }),
          { abortSignal: abort.signal },
        );
        for (const message of Messages) {
          const sentAt = Number(message.Attributes?.SentTimestamp ?? Date.now());
          if (sentAt < startedAt) continue;
          let envelope: unknown = message.Body;
          try {
            envelope = JSON.parse(message.Body ?? '');
          } catch {
            // Not JSON: kept as the text that was published.
          }
          const type =
            (envelope as { type?: unknown } | null)?.type ?? message.MessageAttributes?.type?.StringValue;
          record({ sentAt, type: typeof type === 'string' ? type : undefined, envelope });
        }
        if (Messages.length > 0) {
          await clients.sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: queueUrl,
              Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
            }),
          );
        }
      } catch (error) {
        if (abort.signal.aborted) return;
        log.warn('the events log could not read its queue; retrying', (error as Error).message);
        await sleep(1000).catch(() => undefined);
      }
    }
  };

  const loops: Promise<void>[] = [];
  for (const topic of topics) {
    const queue = `local-events-log-${topic.name}`;
    const queueUrl = await ensureQueue(clients.sqs, queue, { MessageRetentionPeriod: '3600' });
    await ensureSubscription(clients.sns, { topic: topic.name, queue });
    loops.push(drain(queueUrl));
  }

  return {
    list: (type) => entries.filter((e) => type === undefined || e.type === type).map((e) => e.envelope),
    stop: async () => {
      abort.abort();
      await Promise.all(loops);
    },
  };
}
