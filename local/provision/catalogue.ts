import { queues, tables, topics } from '#lib/catalogue/index.ts';
import type { Clients } from '#local/aws.ts';
import { log } from '#local/log.ts';
import { ensureConsumerQueue, ensureSubscription, ensureTopic } from './messaging.ts';
import { ensureTable } from './tables.ts';

export interface Provisioned {
  /** Stream ARN per table name. */
  streamArns: Map<string, string>;
  /** Queue URL per consumer queue name. */
  queueUrls: Map<string, string>;
}

/**
 * Every table, topic, queue (with its DLQ) and subscription of the catalogue, as the CDK app deploys
 * them. Idempotent: on a later start existing resources, and what they hold, are kept.
 */
export async function provisionCatalogue(clients: Clients): Promise<Provisioned> {
  const streamArns = new Map<string, string>();
  await Promise.all(
    tables.map(async (table) => streamArns.set(table.name, await ensureTable(clients.dynamodb, table))),
  );
  for (const topic of topics) await ensureTopic(clients.sns, topic);
  const queueUrls = new Map<string, string>();
  for (const queue of queues) {
    queueUrls.set(queue.name, await ensureConsumerQueue(clients.sqs, queue));
    // One queue may hear several topics (Notifications: Sales' and Inventory's), each filtered.
    for (const subscription of queue.subscribesTo) {
      await ensureSubscription(clients.sns, {
        topic: subscription.topic,
        queue: queue.name,
        types: subscription.types,
      });
    }
  }
  log.info(
    `resources ready: ${tables.length} tables, ${topics.length} topics, ${queues.length} queues with DLQs`,
  );
  return { streamArns, queueUrls };
}
