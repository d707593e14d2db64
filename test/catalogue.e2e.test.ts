import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListSubscriptionsCommand, ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { consumers, routes, schedules, streamConsumers } from '#functions/catalogue.ts';
import { queues, routePaths, tables, topics } from '#lib/catalogue/index.ts';
import { apiUrl, call } from './support/api.ts';
import { eventSources, type SourceStatus } from './support/event-sources.ts';
import { describeLocal } from './support/target.ts';
import { eventually } from './support/wait.ts';

// Everything the catalogue declares exists in the running runtime: what runs offline is what deploys.

const region = 'us-east-1';
const dynamodb = new DynamoDBClient({ region, endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB });
const sns = new SNSClient({ region, endpoint: process.env.AWS_ENDPOINT_URL_SNS });
const sqs = new SQSClient({ region, endpoint: process.env.AWS_ENDPOINT_URL_SQS });
afterAll(() => {
  dynamodb.destroy();
  sns.destroy();
  sqs.destroy();
});

describeLocal('the running runtime matches the catalogue', () => {
  it.each(tables.map((t) => [t.name, t] as const))(
    'table %s has its keys, indexes and NEW_IMAGE stream',
    async (name, table) => {
      const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: name }));

      expect(Table?.KeySchema).toEqual([
        { AttributeName: table.partitionKey, KeyType: 'HASH' },
        { AttributeName: table.sortKey, KeyType: 'RANGE' },
      ]);
      expect((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName).sort()).toEqual(
        table.globalIndexes.map((i) => i.name).sort(),
      );
      expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: table.stream });
    },
  );

  it('has every topic', async () => {
    const { Topics = [] } = await sns.send(new ListTopicsCommand({}));

    for (const topic of topics) {
      expect(Topics.map((t) => t.TopicArn)).toContain(`arn:aws:sns:us-east-1:000000000000:${topic.name}`);
    }
  });

  it.each(queues.map((q) => [q.name, q] as const))(
    'queue %s has its DLQ, redrive policy and subscription',
    async (name, queue) => {
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['RedrivePolicy', 'VisibilityTimeout'] }),
      );
      await expect(
        sqs.send(new GetQueueUrlCommand({ QueueName: queue.deadLetter.name })),
      ).resolves.toBeDefined();
      const { Subscriptions = [] } = await sns.send(new ListSubscriptionsCommand({}));

      expect(JSON.parse(Attributes.RedrivePolicy ?? '{}')).toMatchObject({
        deadLetterTargetArn: `arn:aws:sqs:us-east-1:000000000000:${queue.deadLetter.name}`,
        maxReceiveCount: queue.deadLetter.maxReceiveCount,
      });
      expect(Attributes.VisibilityTimeout).toBe(String(queue.visibilityTimeoutSeconds));
      for (const subscription of queue.subscribesTo) {
        expect(Subscriptions).toContainEqual(
          expect.objectContaining({
            TopicArn: `arn:aws:sns:us-east-1:000000000000:${subscription.topic}`,
            Endpoint: `arn:aws:sqs:us-east-1:000000000000:${name}`,
          }),
        );
      }
    },
  );

  it('runs a poller for every consumer and stream consumer, and every schedule', async () => {
    const ranIn = (sources: SourceStatus[], name: string) =>
      sources.some((s) => s.kind === 'schedule' && s.name === name && s.invocations > 0);
    // The slowest schedule fires every few seconds; give each one the chance to run once.
    const sources = await eventually(
      () => eventSources(apiUrl()),
      (all) => schedules.every((s) => ranIn(all, s.name)),
      10_000,
      100,
    );
    const ran = (name: string) => ranIn(sources, name);

    for (const consumer of consumers) {
      expect(sources).toContainEqual(
        expect.objectContaining({ kind: 'sqs', name: consumer.queue, handler: consumer.handler }),
      );
    }
    for (const consumer of streamConsumers) {
      expect(sources).toContainEqual(
        expect.objectContaining({ kind: 'stream', name: consumer.name, handler: consumer.handler }),
      );
    }
    for (const schedule of schedules) expect(ran(schedule.name)).toBe(true);
  });

  it('routes every catalogue route to its handler, never to the gateway 404', async () => {
    for (const route of routes.flatMap((r) => routePaths(r).map((path) => ({ ...r, path })))) {
      const path = route.path.replace(/\{[^}]+\}/g, 'catalogue-check');
      const response = await call(route.method, path, { body: route.method === 'GET' ? undefined : {} });

      const gatewayNotFound =
        response.status === 404 && /^No route matches/.test(response.body?.detail ?? '');
      expect({ route: `${route.method} ${route.path}`, gatewayNotFound }).toEqual({
        route: `${route.method} ${route.path}`,
        gatewayNotFound: false,
      });
    }
  });
});
