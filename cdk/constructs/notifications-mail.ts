import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { MailSettings } from '#lib/catalogue/index.ts';
import type { RetailConfig } from '../config.ts';
import type { ServiceAlarm } from './observability.ts';
import type { ServiceFunction } from './service-function.ts';

/** What the Notifications consumer counts (Powertools, namespace RetailSuite, dimension service). */
const emailMetric = (metricName: string, period = Duration.minutes(5)) =>
  new cloudwatch.Metric({
    namespace: 'RetailSuite',
    metricName,
    dimensionsMap: { service: 'notifications' },
    period,
    statistic: cloudwatch.Stats.SUM,
  });

/**
 * Notifications' e-mail in AWS: the SES identity of the sender (`notifyFrom`, the address itself or
 * its domain), a configuration set every e-mail is sent with (TLS required, bounces and complaints
 * suppressed, reputation metrics, send/delivery/bounce/complaint counts in CloudWatch by template
 * kind), and `ses:SendEmail` on exactly that identity and configuration set, from that address, for
 * the functions given to `grantSend`. Without `notifyFrom` nothing is created and nothing is granted.
 */
export class NotificationsMail extends Construct {
  readonly identity: ses.EmailIdentity | undefined;
  readonly configurationSet: ses.ConfigurationSet | undefined;
  /** What Notifications' functions are told (MailSettings of the catalogue's environment). */
  readonly settings: MailSettings;
  private readonly from: string | undefined;

  constructor(scope: Construct, id: string, props: { config: RetailConfig }) {
    super(scope, id);
    const { mail } = props.config;
    this.from = mail.from;
    if (!mail.from) {
      this.settings = {};
      this.identity = undefined;
      this.configurationSet = undefined;
      return;
    }
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSet.addEventDestination('CloudWatch', {
      destination: ses.EventDestination.cloudWatchDimensions([
        { name: 'kind', source: ses.CloudWatchDimensionSource.MESSAGE_TAG, defaultValue: 'none' },
      ]),
      events: [
        ses.EmailSendingEvent.SEND,
        ses.EmailSendingEvent.DELIVERY,
        ses.EmailSendingEvent.BOUNCE,
        ses.EmailSendingEvent.COMPLAINT,
        ses.EmailSendingEvent.REJECT,
      ],
    });
    const domain = mail.from.split('@')[1]!;
    this.identity = new ses.EmailIdentity(this, 'Identity', {
      identity: mail.identity === 'domain' ? ses.Identity.domain(domain) : ses.Identity.email(mail.from),
      configurationSet: this.configurationSet,
    });
    this.settings = {
      from: mail.from,
      configurationSet: this.configurationSet.configurationSetName,
      ...(mail.buyerEmail ? { buyerEmail: mail.buyerEmail } : {}),
    };
    new CfnOutput(Stack.of(this), 'NotifyIdentity', {
      value: this.identity.emailIdentityName,
      description:
        mail.identity === 'domain'
          ? 'SES identity of the sender: publish its DKIM CNAME records (aws sesv2 get-email-identity) to verify it'
          : 'SES identity of the sender: open the verification e-mail SES sent to this address',
    });
  }

  /** `ses:SendEmail` from the sender address, on the identity and the configuration set only. */
  grantSend(fn: ServiceFunction): void {
    if (!this.identity || !this.configurationSet || !this.from) return;
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          this.identity.emailIdentityArn,
          Stack.of(this).formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: this.configurationSet.configurationSetName,
          }),
        ],
        conditions: { StringEquals: { 'ses:FromAddress': this.from } },
      }),
    );
  }

  /** Send failures (SES refused or did not answer) and e-mails whose fate is unknown, for a person. */
  get alarms(): ServiceAlarm[] {
    if (!this.identity) return [];
    return [
      {
        id: 'NotificationsSendFailures',
        metric: emailMetric('EmailSendFailures'),
        threshold: 0,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        alarmDescription:
          'notifications: SES refused or did not answer e-mails in two five-minute periods running (throttling, sending paused, an unverified sender, SES down); they are retried into the DLQ.',
      },
      {
        id: 'NotificationsOutcomeUnknown',
        metric: emailMetric('EmailOutcomeUnknown'),
        threshold: 0,
        evaluationPeriods: 1,
        alarmDescription:
          'notifications: SES gave no answer to a SendEmail; that e-mail is not sent again (at most once) and may be lost. The log line has its event id.',
      },
    ];
  }

  /** The e-mail counts for the service's dashboard. */
  get widgets(): cloudwatch.IWidget[] {
    if (!this.identity) return [];
    return [
      new cloudwatch.GraphWidget({
        title: 'E-mail: sent, duplicates, rejected addresses',
        width: 12,
        left: ['EmailsSent', 'EmailsDuplicate', 'EmailAddressRejected'].map((name) =>
          emailMetric(name).with({ label: name }),
        ),
      }),
      new cloudwatch.GraphWidget({
        title: 'E-mail: send failures, outcome unknown',
        width: 12,
        left: ['EmailSendFailures', 'EmailOutcomeUnknown'].map((name) =>
          emailMetric(name).with({ label: name }),
        ),
      }),
    ];
  }
}
