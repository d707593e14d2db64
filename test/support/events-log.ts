import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type EventType, tableOf, topics } from '#lib/catalogue/index.ts';
import { OUTBOX_INDEX_PK } from '#lib/events/outbox/outbox.ts';
import { apiUrl, call, type Json } from './api.ts';
import { eventually, unique, waitFor } from './wait.ts';

/** Where a local runtime listens: its gateway and the emulators behind it. */
export interface RuntimeAddress {
  baseUrl: string;
  dynamodbEndpoint: string;
  messagingEndpoint: string;
}

/** The runtime the global setup started (its endpoints are in the environment it set). */
export const sharedRuntime = (): RuntimeAddress => ({
  baseUrl: apiUrl(),
  dynamodbEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB ?? '',
  messagingEndpoint: process.env.AWS_ENDPOINT_URL_SNS ?? '',
});

const sdk = (endpoint: string) => ({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

const topicPublishing = (type: EventType) => {
  const topic = topics.find((t) => t.publishes.includes(type));
  if (!topic) throw new Error(`no topic publishes ${type}`);
  return topic;
};

const safely = (match: (event: Json) => boolean, event: Json): boolean => {
  try {
    return match(event);
  } catch {
    return false;
  }
};

/** The type of the markers `caughtUp` sends; no consumer subscribes to it, so only the log sees them. */
const MARKER = 'EventsLogMarker';

/**
 * The local runtime's log of everything its topics published (`/__local/events`), and the means to
 * know when it is complete for a test: nothing of the test's is left in the writer's outbox, and a
 * marker published after that has come through the same queue. No fixed pause is needed to see
 * that "exactly one" event was published, duplicates included.
 */
export function eventsLog(runtime: RuntimeAddress = sharedRuntime()) {
  /** Other test files publish too, some of them malformed messages on purpose: read defensively. */
  const events = async (type: string): Promise<Json[]> =>
    (await call('GET', `/__local/events?type=${type}`, { baseUrl: runtime.baseUrl })).body.items;

  const matching = async (type: EventType, match: (event: Json) => boolean): Promise<Json[]> =>
    (await events(type)).filter((event) => safely(match, event));

  /** The events of `type` that match still in their writer's outbox: written, not yet published. */
  async function pendingInOutbox(type: EventType, match: (event: Json) => boolean): Promise<Json[]> {
    const client = new DynamoDBClient(sdk(runtime.dynamodbEndpoint));
    const db = DynamoDBDocumentClient.from(client);
    try {
      const pending: Json[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new QueryCommand({
            TableName: tableOf(topicPublishing(type).service).name,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk',
            ExpressionAttributeValues: { ':pk': OUTBOX_INDEX_PK },
            ExclusiveStartKey,
          }),
        );
        pending.push(
          ...(page.Items ?? [])
            .map((row) => row.envelope)
            .filter((e) => e?.type === type && safely(match, e)),
        );
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return pending;
    } finally {
      client.destroy();
    }
  }

  /** Publishes a marker on the topic of `type` and waits until the log has read up to it. */
  async function caughtUp(type: EventType): Promise<void> {
    const id = unique('marker');
    const sns = new SNSClient(sdk(runtime.messagingEndpoint));
    try {
      await sns.send(
        new PublishCommand({
          TopicArn: `arn:aws:sns:us-east-1:000000000000:${topicPublishing(type).name}`,
          Message: JSON.stringify({ id, type: MARKER, source: 'test' }),
          MessageAttributes: { type: { DataType: 'String', StringValue: MARKER } },
        }),
      );
    } finally {
      sns.destroy();
    }
    await waitFor(`the events log to read marker ${id}`, async () =>
      (await events(MARKER)).some((e) => e?.id === id) ? true : undefined,
    );
  }

  /**
   * The events of a type that match, once at least one has arrived, none is left to publish and the
   * log has read everything published before: so "exactly one" also sees a duplicate.
   */
  async function settled(type: EventType, match: (event: Json) => boolean): Promise<Json[]> {
    if (!runtime.dynamodbEndpoint || !runtime.messagingEndpoint)
      throw new Error(`settled events need the emulators' endpoints of the runtime at ${runtime.baseUrl}`);
    await eventually(
      () => matching(type, match),
      (found) => found.length > 0,
    );
    await waitFor(`the ${type} outbox rows to be published`, async () =>
      (await pendingInOutbox(type, match)).length === 0 ? true : undefined,
    );
    await caughtUp(type);
    return matching(type, match);
  }

  /** The one event of `type` that matches, settled: fails when there are none or several. */
  async function expectOne(type: EventType, match: (event: Json) => boolean): Promise<Json> {
    const found = await settled(type, match);
    expect(found).toHaveLength(1);
    return found[0];
  }

  return { events, matching, pendingInOutbox, caughtUp, settled, expectOne };
}

export type EventsLog = ReturnType<typeof eventsLog>;
