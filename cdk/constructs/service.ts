import { type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { consumers, schedules, streamConsumers } from '#functions/catalogue.ts';
import type {
  MailSettings,
  Owner,
  QueueDef,
  RouteDef,
  ServiceName,
  StreamConsumerDef,
  TableAccess,
  TableDef,
} from '#lib/catalogue/index.ts';
import { environmentFor, queues, serviceApiRoutes, services, tables, topics } from '#lib/catalogue/index.ts';
import type { RetailConfig } from '../config.ts';
import type { Auth } from './auth.ts';
import type { HttpApi } from './http-api.ts';
import { handlerId, pascal } from './names.ts';
import { ServiceFunction } from './service-function.ts';

export interface ServiceProps {
  owner: Owner;
  /** This owner's routes. */
  routes: readonly RouteDef[];
  api: HttpApi;
  /** Where the routes other services call are served to them (`calledBy`). */
  serviceApi: HttpApi;
  auth: Auth;
  config: RetailConfig;
  /** Notifications' sender and SES configuration set; the other services get none. */
  mail?: MailSettings;
}

export interface ServiceQueue {
  def: QueueDef;
  queue: sqs.Queue;
  deadLetter: sqs.Queue;
}

/** The transactional outbox (stream publisher and sweeper) is the only code that publishes events. */
const isOutbox = (handler: string): boolean => handler.startsWith('lib/events/outbox/');

/**
 * Routes write their table access out in the catalogue; queue, stream and schedule consumers all change
 * their service's state, so they get read-write.
 */
const widest = (accesses: readonly TableAccess[]): TableAccess =>
  accesses.includes('readWrite') ? 'readWrite' : accesses.includes('read') ? 'read' : 'none';

const isService = (owner: Owner): owner is ServiceName => (services as readonly string[]).includes(owner);

/**
 * Everything one owner of the catalogue runs, built from the catalogue entries whose `service` (or
 * route `owner`) is that owner: its table, topic, queues with dead-letter queues, and a function per
 * distinct handler file wired to its routes, queues, table stream and schedules. Every function of
 * the owner gets the same environment (`environmentFor`) and only the grants its handler needs.
 */
export class Service extends Construct {
  readonly owner: Owner;
  readonly tableDef: TableDef | undefined;
  readonly table: dynamodb.Table | undefined;
  readonly topic: sns.Topic | undefined;
  readonly queues = new Map<string, ServiceQueue>();
  /** Per stream consumer (keyed by its catalogue name): where records land when it keeps failing on them. */
  readonly streamFailures = new Map<string, sqs.Queue>();
  readonly functions = new Map<string, ServiceFunction>();
  readonly schedules = new Map<string, scheduler.Schedule>();
  private readonly environment: Record<string, string>;
  private readonly props: ServiceProps;

  constructor(scope: Construct, id: string, props: ServiceProps) {
    super(scope, id);
    this.props = props;
    const owner = props.owner;
    this.owner = owner;

    this.tableDef = tables.find((t) => t.service === owner);
    this.table = this.tableDef ? this.createTable(this.tableDef) : undefined;
    const topicDef = topics.find((t) => t.service === owner);
    this.topic = topicDef ? new sns.Topic(this, pascal(topicDef.name), { enforceSSL: true }) : undefined;
    for (const def of queues.filter((q) => q.service === owner)) this.createQueue(def);

    const credentials = isService(owner) ? props.auth.credentialsOf(owner) : undefined;
    this.environment = environmentFor(owner, {
      tableName: this.table?.tableName,
      topicArn: this.topic?.topicArn,
      apiUrl: props.api.url,
      // Only a service that calls others has a client for the service API.
      serviceApiUrl: credentials ? props.serviceApi.url : undefined,
      jwtIssuer: props.auth.issuer,
      jwksUri: props.auth.jwksUri,
      tokenUrl: props.auth.tokenUrl,
      allowedClientIds: props.auth.clients.map((client) => client.userPoolClientId),
      clientId: credentials?.client.userPoolClientId,
      serviceClientIds: Object.fromEntries(
        services.flatMap((service) => {
          const own = props.auth.credentialsOf(service);
          return own ? [[service, own.client.userPoolClientId]] : [];
        }),
      ),
      clientSecretArn: credentials?.secret.secretArn,
      currency: props.config.currency,
      reservationTtlSeconds: props.config.reservationTtlSeconds,
      priceCacheMaxAgeSeconds: props.config.priceCacheMaxAgeSeconds,
      invoiceSeries: props.config.invoiceSeries,
      logLevel: props.config.logLevel,
      payments: props.config.payments,
      seller: props.config.seller,
      ...(props.mail ? { mail: props.mail } : {}),
    });

    this.addRoutes(props.routes);
    for (const def of consumers.filter((c) => c.service === owner)) {
      const fn = this.functionFor(def.handler, 'readWrite', Duration.seconds(def.timeoutSeconds));
      const entry = this.queues.get(def.queue);
      if (!entry) throw new Error(`consumer ${def.handler}: ${owner} has no queue ${def.queue}`);
      // Lambda refuses a queue whose messages reappear before the function may have finished.
      if (entry.def.visibilityTimeoutSeconds < def.timeoutSeconds) {
        throw new Error(`queue ${def.queue}: visibility timeout below the timeout of ${def.handler}`);
      }
      const queue = entry.queue;
      fn.function.addEventSource(
        new SqsEventSource(queue, { batchSize: def.batchSize, reportBatchItemFailures: true }),
      );
    }
    for (const def of streamConsumers.filter((c) => c.service === owner)) this.addStreamConsumer(def);
    for (const def of schedules.filter((s) => s.service === owner)) {
      const fn = this.functionFor(def.handler, 'readWrite');
      const schedule = new scheduler.Schedule(this, pascal(def.name), {
        description: def.name,
        schedule: scheduler.ScheduleExpression.expression(def.rate),
        // A missed tick is not retried: the next one comes within the rate anyway.
        target: new targets.LambdaInvoke(fn.function, {
          role: this.schedulerRoleFor(fn),
          retryAttempts: 0,
          maxEventAge: Duration.minutes(1),
        }),
      });
      this.schedules.set(def.name, schedule);
    }
  }

  /** Subscribes this owner's queues to the topics they listen to (any owner's), filtered on the `type` attribute. */
  subscribe(topicNamed: (name: string) => sns.ITopic): void {
    for (const { def, queue } of this.queues.values()) {
      // A queue may hear several topics (Notifications: Sales' and Inventory's), each with its filter.
      for (const subscription of def.subscribesTo) {
        topicNamed(subscription.topic).addSubscription(
          new SqsSubscription(queue, {
            // Consumers parse the SQS body as the envelope itself, not an SNS notification around it.
            rawMessageDelivery: true,
            filterPolicy: {
              type: sns.SubscriptionFilter.stringFilter({ allowlist: [...subscription.types] }),
            },
          }),
        );
      }
    }
  }

  /** This owner runs the transactional outbox (stream publisher or sweeper), so its backlog is worth an alarm. */
  get drainsOutbox(): boolean {
    return [...this.functions.keys()].some(isOutbox);
  }

  /** Every dead-letter queue of this owner, for alarms. */
  get deadLetterQueues(): sqs.Queue[] {
    return [...[...this.queues.values()].map((q) => q.deadLetter), ...this.streamFailures.values()];
  }

  private createTable(def: TableDef): dynamodb.Table {
    const attribute = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });
    const table = new dynamodb.Table(this, 'Table', {
      partitionKey: attribute(def.partitionKey),
      sortKey: attribute(def.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: def.ttlAttribute,
      stream: dynamodb.StreamViewType[def.stream],
    });
    for (const index of def.globalIndexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    return table;
  }

  private createQueue(def: QueueDef): void {
    const deadLetter = new sqs.Queue(this, pascal(def.deadLetter.name), {
      retentionPeriod: Duration.days(def.deadLetter.retentionDays),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    const queue = new sqs.Queue(this, pascal(def.name), {
      visibilityTimeout: Duration.seconds(def.visibilityTimeoutSeconds),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: deadLetter, maxReceiveCount: def.deadLetter.maxReceiveCount },
    });
    this.queues.set(def.name, { def, queue, deadLetter });
  }

  private addRoutes(defs: readonly RouteDef[]): void {
    const byHandler = Map.groupBy(defs, (def) => def.handler);
    for (const [handler, shared] of byHandler) {
      const timeout = Math.max(...shared.map((def) => def.timeoutSeconds ?? 10));
      // Routes sharing a handler file (a seed alias) share its grant: the widest any of them declares.
      const access = widest(shared.map((def) => def.access));
      const fn = this.functionFor(handler, access, Duration.seconds(timeout));
      const id = `${pascal(this.owner)}${handlerId(handler)}`;
      this.props.api.addRoutes(id, fn.function, shared);
      const called = serviceApiRoutes(shared);
      if (called.length > 0) this.props.serviceApi.addRoutes(`${id}Service`, fn.function, called);
    }
  }

  private addStreamConsumer(def: StreamConsumerDef): void {
    if (!this.table || this.tableDef?.name !== def.table) {
      throw new Error(
        `stream consumer ${def.name}: ${this.owner} can only read its own table's stream, not ${def.table}`,
      );
    }
    if (this.streamFailures.has(def.name)) throw new Error(`stream consumer ${def.name} is declared twice`);
    const fn = this.functionFor(def.handler, 'readWrite');
    const failures = new sqs.Queue(this, `${pascal(def.name)}Failures`, {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    Validations.of(failures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `This queue is itself a dead-letter queue: the on-failure destination of the ${def.name} stream event source mapping.`,
    });
    this.streamFailures.set(def.name, failures);
    // Only the changes the consumer is about wake it: not the other rows of the same table, nor its
    // own writes to its rows (the same filter runs offline: local/pollers/stream-filter.ts).
    const keys: Record<string, { S: unknown }> = {
      pk: { S: lambda.FilterRule.beginsWith(def.filter.pkPrefix) },
    };
    if (def.filter.sk !== undefined) keys.sk = { S: lambda.FilterRule.isEqual(def.filter.sk) };
    const dynamodbPattern: Record<string, unknown> = { Keys: keys };
    if (def.filter.newImage !== undefined) {
      const values = Object.entries(def.filter.newImage);
      dynamodbPattern.NewImage = Object.fromEntries(
        values.map(([name, value]) => [name, { S: lambda.FilterRule.isEqual(value) }]),
      );
    }
    fn.function.addEventSource(
      new DynamoEventSource(this.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: def.batchSize,
        ...(def.batchingWindowSeconds === undefined
          ? {}
          : { maxBatchingWindow: Duration.seconds(def.batchingWindowSeconds) }),
        bisectBatchOnError: true,
        retryAttempts: 5,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(failures),
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.or(...def.filter.events),
            dynamodb: dynamodbPattern,
          }),
        ],
      }),
    );
    // Closer to the policy than the role-wide X-Ray acknowledgement, so this reason is the one reported.
    Validations.of(fn.role.node.findChild('DefaultPolicy')).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        "Resource * is for X-Ray (xray:PutTraceSegments/PutTelemetryRecords) and dynamodb:ListStreams, which support no resource-level permissions; the stream reads themselves are scoped to this table's stream ARN.",
    });
  }

  /** The role EventBridge Scheduler invokes one function with, shared by that function's schedules. */
  private schedulerRoleFor(fn: ServiceFunction): iam.IRole {
    const id = `${fn.node.id}SchedulerRole`;
    const existing = this.node.tryFindChild(id);
    if (existing) return existing as iam.Role;
    const stack = Stack.of(this);
    const role = new iam.Role(this, id, {
      description: `EventBridge Scheduler invokes ${fn.entry}`,
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': stack.account,
            'aws:SourceArn': stack.formatArn({
              service: 'scheduler',
              resource: 'schedule-group',
              resourceName: 'default',
            }),
          },
        },
      }),
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(fn.function.node.defaultChild as CfnElement)}.Arn>:*]`,
      reason:
        'LambdaInvoke grants lambda:InvokeFunction on this one function and its versions/aliases (`<arn>:*`); no other function is reachable.',
    });
    return role;
  }

  /** One function per distinct handler file of this owner; later uses of the same file share it. */
  private functionFor(handler: string, access: TableAccess, timeout?: Duration): ServiceFunction {
    const existing = this.functions.get(handler);
    if (existing) return existing;
    const fn = new ServiceFunction(this, handlerId(handler), {
      entry: handler,
      environment: this.environment,
      description: `${this.owner}: ${handler}`,
      ...(timeout ? { timeout } : {}),
    });
    if (this.table && this.tableDef && access !== 'none') {
      fn.bindTable(
        this.table,
        access,
        this.tableDef.globalIndexes.map((index) => index.name),
      );
    }
    if (isOutbox(handler)) {
      if (this.topic) fn.bindTopic(this.topic);
    } else {
      const credentials = isService(this.owner) ? this.props.auth.credentialsOf(this.owner) : undefined;
      if (credentials) fn.bindSecret(credentials.secret);
    }
    this.functions.set(handler, fn);
    return fn;
  }
}
