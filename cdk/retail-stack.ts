import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { routes } from '#functions/catalogue.ts';
import type { Owner, RouteDef } from '#lib/catalogue/index.ts';
import { defaultRate, serviceClients, services, topics } from '#lib/catalogue/index.ts';
import { type RetailConfig, readConfig } from './config.ts';
import { Auth } from './constructs/auth.ts';
import { HttpApi } from './constructs/http-api.ts';
import { pascal } from './constructs/names.ts';
import { Observability } from './constructs/observability.ts';
import { Service } from './constructs/service.ts';

/**
 * The whole suite in one stack, built from the catalogue: the token issuer, the public HTTP API, the
 * service API (the routes services call, for the services' clients only), a `Service` per owner (the
 * three services and `platform`) and the alarms.
 */
export interface RetailStackProps extends StackProps {
  /** The routes to deploy; the catalogue's. Tests pass an edited copy to see what follows from an entry. */
  routes?: readonly RouteDef[];
}

export class RetailStack extends Stack {
  readonly config: RetailConfig;
  readonly auth: Auth;
  readonly api: HttpApi;
  /** Serves the `calledBy` routes to the services' own clients, with its own throttling. */
  readonly serviceApi: HttpApi;
  readonly services = new Map<Owner, Service>();
  readonly observability: Observability;

  constructor(scope: Construct, id: string, props: RetailStackProps = {}) {
    const { routes: deployed = routes, ...stackProps } = props;
    super(scope, id, stackProps);
    this.config = readConfig(this.node);

    this.auth = new Auth(
      this,
      'Auth',
      this.config.cognitoDomainPrefix ? { domainPrefix: this.config.cognitoDomainPrefix } : {},
    );
    this.api = new HttpApi(this, 'HttpApi', {
      description: 'Retail suite: inventory, pricing and sales',
      issuer: this.auth.issuer,
      audience: this.auth.clients.map((client) => client.userPoolClientId),
      throttle: { rateLimit: this.config.throttlingRateLimit, burstLimit: this.config.throttlingBurstLimit },
      corsOrigins: this.config.corsOrigins,
      ...(this.config.customDomain ? { customDomain: this.config.customDomain } : {}),
    });
    // The services' calls to each other never spend the clients' budget: they have their own API,
    // which takes no client's token.
    this.serviceApi = new HttpApi(this, 'ServiceApi', {
      nameSuffix: 'service',
      description: 'Retail suite: the routes the services call, for the services only',
      issuer: this.auth.issuer,
      audience: serviceClients.map((def) => this.auth.credentialsOf(def.service)!.client.userPoolClientId),
      throttle: { rateLimit: defaultRate.perSecond, burstLimit: defaultRate.burst },
      corsOrigins: [],
    });

    const owners = new Set<Owner>([...deployed.map((route) => route.owner), ...services]);
    for (const owner of owners) {
      this.services.set(
        owner,
        new Service(this, pascal(owner), {
          owner,
          routes: deployed.filter((route) => route.owner === owner),
          api: this.api,
          serviceApi: this.serviceApi,
          auth: this.auth,
          config: this.config,
        }),
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
    new CfnOutput(this, 'ServiceApiUrl', {
      value: this.serviceApi.url,
      description: "Base URL of the service API (the services' calls to each other)",
    });
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
