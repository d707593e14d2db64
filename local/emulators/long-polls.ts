import type { IncomingMessage } from 'node:http';
import { ChangeMessageVisibilityBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { dummyCredentials, region } from '#local/aws.ts';
import { log } from '#local/log.ts';

/**
 * SQS long polls through the fault switch. An emulator does not notice a long poll's client leaving
 * (a poller stopped with the runtime, a connection cut by a fault): it keeps the poll open and hands
 * the next messages to no one, hidden for the queue's visibility timeout (180 s for a consumer). Our
 * own emulator dies with the runtime and takes such polls along; one that keeps running would hide a
 * restarted runtime's first messages. So polls are kept short, and what an abandoned one brings back
 * is made visible again at once.
 */

/** The longest wait forwarded; the pollers ask again at once, so waiting longer only saves requests. */
export const LONGEST_WAIT_SECONDS = 2;

/**
 * Visible again after this, not 0: fauxqs keeping its data on disk fails a change to 0 (a SQLite
 * constraint) after it has already dropped the message from its in-flight list, losing it.
 */
const HAND_BACK_SECONDS = 1;

/** SQS's JSON protocol (the SDK's) names the action in this header. */
export const isReceive = (req: IncomingMessage): boolean =>
  req.headers['x-amz-target'] === 'AmazonSQS.ReceiveMessage';

/** The request with its WaitTimeSeconds capped; a body that is not what we expect passes unchanged. */
export function shortened(body: Buffer): Buffer {
  try {
    const request = JSON.parse(body.toString('utf8')) as { WaitTimeSeconds?: unknown };
    if (typeof request.WaitTimeSeconds !== 'number' || request.WaitTimeSeconds <= LONGEST_WAIT_SECONDS)
      return body;
    return Buffer.from(JSON.stringify({ ...request, WaitTimeSeconds: LONGEST_WAIT_SECONDS }));
  } catch {
    return body;
  }
}

/** Makes the messages an abandoned poll received visible again soon, for the next poller to take. */
export async function handBack(endpoint: string, request: Buffer, answer: Buffer): Promise<void> {
  let queueUrl: string | undefined;
  let handles: string[] = [];
  try {
    queueUrl = (JSON.parse(request.toString('utf8')) as { QueueUrl?: string }).QueueUrl;
    const { Messages = [] } = JSON.parse(answer.toString('utf8')) as {
      Messages?: { ReceiptHandle?: string }[];
    };
    handles = Messages.flatMap((m) => (m.ReceiptHandle ? [m.ReceiptHandle] : []));
  } catch {
    return;
  }
  if (!queueUrl || handles.length === 0) return;
  const sqs = new SQSClient({ endpoint, region, credentials: dummyCredentials, maxAttempts: 3 });
  try {
    const { Failed = [] } = await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: handles.map((ReceiptHandle, i) => ({
          Id: String(i),
          ReceiptHandle,
          VisibilityTimeout: HAND_BACK_SECONDS,
        })),
      }),
    );
    if (Failed.length > 0) throw new Error(Failed.map((f) => f.Code).join(', '));
  } catch (error) {
    log.warn(`${handles.length} message(s) of ${queueUrl} stay hidden until their visibility timeout`, error);
  } finally {
    sqs.destroy();
  }
}
