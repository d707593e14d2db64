import {
  CreateTopicCommand,
  ListSubscriptionsCommand,
  SetSubscriptionAttributesCommand,
  type SNSClient,
  SubscribeCommand,
  type Subscription,
} from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueUrlCommand,
  QueueDoesNotExist,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { QueueDef, TopicDef } from '#lib/catalogue/index.ts';
import { queueArn, topicArn } from '#local/aws.ts';

const days = (n: number): string => String(n * 86_400);

/** Creates the queue, or sets the attributes of the one an earlier start left (its messages stay). */
export async function ensureQueue(
  sqs: SQSClient,
  name: string,
  attributes: Record<string, string>,
): Promise<string> {
  try {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: attributes }));
    return QueueUrl!;
  } catch (error) {
    if (!(error instanceof QueueDoesNotExist)) throw error;
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    return QueueUrl!;
  }
}

export async function ensureTopic(sns: SNSClient, topic: Pick<TopicDef, 'name'>): Promise<string> {
  // CreateTopic is idempotent: the same name returns the existing topic.
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: topic.name }));
  return TopicArn!;
}

/** A consumer's queue and its dead-letter queue, as the CDK app deploys them. Returns the queue URL. */
export async function ensureConsumerQueue(sqs: SQSClient, queue: QueueDef): Promise<string> {
  await ensureQueue(sqs, queue.deadLetter.name, {
    MessageRetentionPeriod: days(queue.deadLetter.retentionDays),
  });
  return ensureQueue(sqs, queue.name, {
    VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: queueArn(queue.deadLetter.name),
      maxReceiveCount: queue.deadLetter.maxReceiveCount,
    }),
  });
}

async function listSubscriptions(sns: SNSClient): Promise<Subscription[]> {
  const all: Subscription[] = [];
  let NextToken: string | undefined;
  do {
    const page = await sns.send(new ListSubscriptionsCommand({ NextToken }));
    all.push(...(page.Subscriptions ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return all;
}

/**
 * Subscribes a queue to a topic. Raw delivery: the SQS body is the envelope itself, not SNS's
 * notification wrapper, so consumers parse `record.body` directly (the CDK app sets the same).
 */
export async function ensureSubscription(
  sns: SNSClient,
  options: { topic: string; queue: string; types?: readonly string[] },
): Promise<void> {
  const attributes: Record<string, string> = { RawMessageDelivery: 'true' };
  if (options.types) {
    attributes.FilterPolicyScope = 'MessageAttributes';
    attributes.FilterPolicy = JSON.stringify({ type: options.types });
  }
  const TopicArn = topicArn(options.topic);
  const Endpoint = queueArn(options.queue);
  const existing = (await listSubscriptions(sns)).find(
    (s) => s.TopicArn === TopicArn && s.Endpoint === Endpoint && s.Protocol === 'sqs',
  );
  if (!existing?.SubscriptionArn) {
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint, Attributes: attributes }));
    return;
  }
  for (const [AttributeName, AttributeValue] of Object.entries(attributes)) {
    await sns.send(
      new SetSubscriptionAttributesCommand({
        SubscriptionArn: existing.SubscriptionArn,
        AttributeName,
        AttributeValue,
      }),
    );
  }
}
