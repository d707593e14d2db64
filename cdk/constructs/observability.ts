import { Aws, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { Owner } from '#lib/catalogue/index.ts';
import { OUTBOX_AGE_METRIC } from '#lib/events/outbox/outbox.ts';
import type { HttpApi } from './http-api.ts';
import { pascal } from './names.ts';
import type { Service } from './service.ts';
import type { ServiceFunction } from './service-function.ts';

/** The sweeper emits this (Powertools Metrics, namespace `RetailSuite`, default dimension `service`). */

/** Thresholds; the reasons are in the alarm descriptions. */
const limits = {
  serverErrorPercent: 5,
  p99LatencyMs: 3000,
  outboxAgeSeconds: 300,
} as const;

export interface ObservabilityProps {
  api: HttpApi;
  services: readonly Service[];
  alarmEmail?: string;
  /** A service's own alarms on its business metrics (Notifications' send failures). */
  alarms?: readonly ServiceAlarm[];
  /** A service's own widgets, added to its dashboard. */
  widgets?: Partial<Record<Owner, readonly cloudwatch.IWidget[]>>;
}

export interface ServiceAlarm {
  id: string;
  metric: cloudwatch.IMetric;
  threshold: number;
  evaluationPeriods: number;
  datapointsToAlarm?: number;
  alarmDescription: string;
}

/**
 * Alarms (all to one SNS topic) on what needs a person: API 5xx rate and p99 latency, any message in
 * a dead-letter queue, Lambda throttles, and outbox events that wait too long to be published; plus
 * a dashboard per service.
 */
export class Observability extends Construct {
  readonly alarmTopic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboards: cloudwatch.Dashboard[] = [];
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);

    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'Retail suite alarms',
      enforceSSL: true,
    });
    // enforceSSL replaces the topic's default policy; CloudWatch alarms need an explicit allow.
    this.alarmTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    this.action = new SnsAction(this.alarmTopic);

    const api = props.api.api;
    const fiveMinutes = Duration.minutes(5);
    const requests = api.metricCount({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM });
    const serverErrors = api.metricServerError({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM });
    const serverErrorRate = new cloudwatch.MathExpression({
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: { requests, errors: serverErrors },
      label: '5xx %',
      period: fiveMinutes,
    });
    const p99Latency = api.metricLatency({ period: fiveMinutes, statistic: cloudwatch.Stats.p(99) });
    this.alarm('ApiServerErrorRate', serverErrorRate, {
      threshold: limits.serverErrorPercent,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      alarmDescription: `More than ${limits.serverErrorPercent}% of API requests answered 5xx in 2 of the last 3 five-minute periods.`,
    });
    this.alarm('ApiP99Latency', p99Latency, {
      threshold: limits.p99LatencyMs,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      alarmDescription: `API p99 latency above ${limits.p99LatencyMs} ms in 2 of the last 3 five-minute periods.`,
    });

    for (const service of props.services) {
      const prefix = pascal(service.owner);
      const functions = [...service.functions.values()];
      for (const queue of service.deadLetterQueues) {
        this.alarm(
          `${prefix}${queue.node.id}Depth`,
          queue.metricApproximateNumberOfMessagesVisible({
            period: Duration.minutes(1),
            statistic: cloudwatch.Stats.MAXIMUM,
          }),
          {
            threshold: 0,
            evaluationPeriods: 1,
            alarmDescription: `${service.owner}: a message is waiting in dead-letter queue ${queue.node.id}; it failed every retry and needs a look.`,
          },
        );
      }
      for (const fn of functions) {
        this.alarm(
          `${prefix}${fn.node.id}Throttles`,
          fn.function.metricThrottles({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM }),
          {
            threshold: 0,
            evaluationPeriods: 1,
            alarmDescription: `${service.owner}: ${fn.entry} was throttled (account or reserved concurrency reached).`,
          },
        );
      }
      const outboxAge = service.drainsOutbox
        ? new cloudwatch.Metric({
            ...OUTBOX_AGE_METRIC,
            dimensionsMap: { service: service.owner },
            period: Duration.minutes(1),
            statistic: cloudwatch.Stats.MAXIMUM,
          })
        : undefined;
      if (outboxAge) {
        this.alarm(`${prefix}OutboxAge`, outboxAge, {
          threshold: limits.outboxAgeSeconds,
          evaluationPeriods: 3,
          alarmDescription: `${service.owner}: the oldest unpublished outbox event is older than ${limits.outboxAgeSeconds} s for 3 minutes; events are not reaching SNS.`,
        });
      }
      if (service.tableDef) {
        const dashboard = this.dashboard(service, functions, {
          requests,
          serverErrors,
          p99Latency,
          outboxAge,
        });
        const own = props.widgets?.[service.owner] ?? [];
        if (own.length > 0) dashboard.addWidgets(...own);
        this.dashboards.push(dashboard);
      }
    }
    for (const { id, metric, ...settings } of props.alarms ?? []) this.alarm(id, metric, settings);
  }

  private alarm(
    id: string,
    metric: cloudwatch.IMetric,
    props: {
      threshold: number;
      evaluationPeriods: number;
      datapointsToAlarm?: number;
      alarmDescription: string;
    },
  ): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      ...props,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
  }

  private dashboard(
    service: Service,
    functions: readonly ServiceFunction[],
    metrics: {
      requests: cloudwatch.IMetric;
      serverErrors: cloudwatch.IMetric;
      p99Latency: cloudwatch.IMetric;
      outboxAge: cloudwatch.IMetric | undefined;
    },
  ): cloudwatch.Dashboard {
    const dashboard = new cloudwatch.Dashboard(this, `${pascal(service.owner)}Dashboard`, {
      dashboardName: `${Stack.of(this).stackName}-${service.owner}`,
    });
    const perFunction = (
      title: string,
      metric: (fn: ServiceFunction) => cloudwatch.IMetric,
    ): cloudwatch.GraphWidget =>
      new cloudwatch.GraphWidget({
        title,
        width: 12,
        left: functions.map(metric),
        legendPosition: cloudwatch.LegendPosition.RIGHT,
      });
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'API (all services): requests and 5xx',
        width: 12,
        left: [metrics.requests],
        right: [metrics.serverErrors],
      }),
      new cloudwatch.GraphWidget({
        title: 'API (all services): p99 latency (ms)',
        width: 12,
        left: [metrics.p99Latency],
      }),
    );
    dashboard.addWidgets(
      perFunction('Invocations', (fn) => fn.function.metricInvocations({ label: fn.node.id })),
      perFunction('Errors', (fn) => fn.function.metricErrors({ label: fn.node.id })),
    );
    dashboard.addWidgets(
      perFunction('Duration p99 (ms)', (fn) =>
        fn.function.metricDuration({ label: fn.node.id, statistic: cloudwatch.Stats.p(99) }),
      ),
      perFunction('Throttles', (fn) => fn.function.metricThrottles({ label: fn.node.id })),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Dead-letter queues: messages waiting',
        width: 12,
        left: service.deadLetterQueues.map((queue) =>
          queue.metricApproximateNumberOfMessagesVisible({
            label: queue.node.id,
            statistic: cloudwatch.Stats.MAXIMUM,
          }),
        ),
      }),
      new cloudwatch.GraphWidget({
        title: 'Outbox: oldest unpublished event (s)',
        width: 12,
        left: metrics.outboxAge ? [metrics.outboxAge] : [],
      }),
    );
    const queues = [...service.queues.values()];
    if (queues.length > 0) {
      dashboard.addWidgets(
        new cloudwatch.GraphWidget({
          title: 'Queues: messages waiting (queue and its DLQ)',
          width: 12,
          left: queues.flatMap(({ queue, deadLetter }) =>
            [queue, deadLetter].map((q) =>
              q.metricApproximateNumberOfMessagesVisible({
                label: q.node.id,
                statistic: cloudwatch.Stats.MAXIMUM,
              }),
            ),
          ),
        }),
        new cloudwatch.GraphWidget({
          title: 'Queues: oldest message (s)',
          width: 12,
          left: queues.map(({ queue }) =>
            queue.metricApproximateAgeOfOldestMessage({
              label: queue.node.id,
              statistic: cloudwatch.Stats.MAXIMUM,
            }),
          ),
        }),
      );
    }
    return dashboard;
  }
}
