import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { Owner } from '#lib/catalogue/index.ts';
import { routes, services, topics } from '#lib/catalogue/index.ts';
import { type RetailConfig, readConfig } from './config.ts';
import { Auth } from './constructs/auth.ts';
import { HttpApi } from './constructs/http-api.ts';
import { pascal } from './constructs/names.ts';
import { Observability } from './constructs/observability.ts';
import { Service } from './constructs/service.ts';

/**
 * The whole suite in one stack, built from the catalogue: the token issuer, the one HTTP API, a
 * `Service` per owner (the three services and `platform`) and the alarms.
 */
export class RetailStack extends Stack {
  readonly config: RetailConfig;
  readonly auth: Auth;
  readonly api: HttpApi;
  readonly services = new Map<Owner, Service>();
  readonly observability: Observability;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.config = readConfig(this.node);

    this.auth = new Auth(
      this,
      'Auth',
      this.config.cognitoDomainPrefix ? { domainPrefix: this.config.cognitoDomainPrefix } : {},
    );
    this.api = new HttpApi(this, 'HttpApi', {
      issuer: this.auth.issuer,
      audience: this.auth.clients.map((client) => client.userPoolClientId),
      throttle: { rateLimit: this.config.throttlingRateLimit, burstLimit: this.config.throttlingBurstLimit },
      corsOrigins: this.config.corsOrigins,
      ...(this.config.customDomain ? { customDomain: this.config.customDomain } : {}),
    });

    const owners = new Set<Owner>([...routes.map((route) => route.owner), ...services]);
    for (const owner of owners) {
      this.services.set(
        owner,
        new Service(this, pascal(owner), { owner, api: this.api, auth: this.auth, config: this.config }),
      );
    }
    // Subscriptions cross owners (Sales listens to Pricing), so they are wired once every topic exists.
    const topicNamed = (name: string): sns.ITopic => {
      const owner = topics.find((topic) => topic.name === name)?.service;
      const topic = owner ? this.services.get(owner)?.topic : undefined;
      if (!topic) throw new Error(`no topic named ${name} in the catalogue`);
      return topic;
    };
    for (const service of this.services.values()) service.subscribe(topicNamed);

    this.observability = new Observability(this, 'Observability', {
      api: this.api,
      services: [...this.services.values()],
      ...(this.config.alarmEmail ? { alarmEmail: this.config.alarmEmail } : {}),
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'TokenUrl', {
      value: this.auth.tokenUrl,
      description: 'OAuth2 client-credentials token endpoint',
    });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    for (const [name, client] of this.auth.apiClients) {
      new CfnOutput(this, `${pascal(name)}ClientId`, {
        value: client.userPoolClientId,
        description: `App client id of '${name}'; its secret: aws cognito-idp describe-user-pool-client`,
      });
    }
    new CfnOutput(this, 'AlarmTopicArn', { value: this.observability.alarmTopic.topicArn });
  }

  /** The construct built for one owner of the catalogue. */
  service(owner: Owner): Service {
    const service = this.services.get(owner);
    if (!service) throw new Error(`no service ${owner}`);
    return service;
  }
}
