import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { routes } from '#functions/catalogue.ts';
import type { Owner, RouteDef } from '#lib/catalogue/index.ts';
import { allScopes, defaultRate, serviceClients, services, topics } from '#lib/catalogue/index.ts';
import { type RetailConfig, readConfig } from './config.ts';
import { Auth } from './constructs/auth.ts';
import { OperatorConsole } from './constructs/console.ts';
import { ConsoleStaff } from './constructs/console-staff.ts';
import { HttpApi } from './constructs/http-api.ts';
import { pascal } from './constructs/names.ts';
import { NotificationsMail } from './constructs/notifications-mail.ts';
import { Observability } from './constructs/observability.ts';
import { Service } from './constructs/service.ts';

/**
 * The whole suite in one stack, built from the catalogue: the token issuer, the public HTTP API, the
 * service API (the routes services call, for the services' clients only), a `Service` per owner (the
 * four services and `platform`), Notifications' SES identity, and the alarms.
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
  /** The operator console: its bucket and distribution, and its people (app client, groups, trigger). */
  readonly operatorConsole: OperatorConsole;
  readonly staff: ConsoleStaff;
  /** Notifications' SES identity and configuration set (none without context `notifyFrom`). */
  readonly mail: NotificationsMail;

  constructor(scope: Construct, id: string, props: RetailStackProps = {}) {
    const { routes: deployed = routes, ...stackProps } = props;
    super(scope, id, stackProps);
    this.config = readConfig(this.node);

    this.auth = new Auth(
      this,
      'Auth',
      this.config.cognitoDomainPrefix ? { domainPrefix: this.config.cognitoDomainPrefix } : {},
    );
    // The console before the API: the API answers CORS for its origin, Cognito sends people back to it.
    this.operatorConsole = new OperatorConsole(this, 'Console', {
      authBaseUrl: this.auth.domain.baseUrl(),
      ...(this.config.customDomain ? { apiDomain: this.config.customDomain.domainName } : {}),
    });
    this.staff = new ConsoleStaff(this, 'ConsoleStaff', {
      auth: this.auth,
      consoleUrl: this.operatorConsole.url,
    });
    this.api = new HttpApi(this, 'HttpApi', {
      description: 'Retail suite: inventory, pricing and sales',
      issuer: this.auth.issuer,
      audience: this.auth.clients.map((client) => client.userPoolClientId),
      throttle: { rateLimit: this.config.throttlingRateLimit, burstLimit: this.config.throttlingBurstLimit },
      corsOrigins: [...this.config.corsOrigins, this.operatorConsole.origin],
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

    this.mail = new NotificationsMail(this, 'NotificationsMail', { config: this.config });
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
          ...(owner === 'notifications' ? { mail: this.mail.settings } : {}),
        }),
      );
    }
    for (const fn of this.service('notifications').functions.values()) this.mail.grantSend(fn);
    // Subscriptions cross owners (Sales listens to Pricing), so they are wired once every topic exists.
    const topicNamed = (name: string): sns.ITopic => {
      const owner = topics.find((topic) => topic.name === name)?.service;
      const topic = owner ? this.services.get(owner)?.topic : undefined;
      if (!topic) throw new Error(`no topic named ${name} in the catalogue`);
      return topic;
    };
    for (const service of this.services.values()) service.subscribe(topicNamed);

    this.operatorConsole.deploy({
      apiUrl: this.api.url,
      authBaseUrl: this.auth.domain.baseUrl(),
      clientId: this.staff.client.userPoolClientId,
      scopes: ['openid', ...allScopes],
    });

    this.observability = new Observability(this, 'Observability', {
      api: this.api,
      services: [...this.services.values()],
      alarms: this.mail.alarms,
      widgets: { notifications: this.mail.widgets },
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
    new CfnOutput(this, 'ConsoleUrl', {
      value: this.operatorConsole.url,
      description: 'The operator console; staff sign in with the user pool (groups gerente, caixa)',
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.observability.alarmTopic.topicArn });
  }

  /** The construct built for one owner of the catalogue. */
  service(owner: Owner): Service {
    const service = this.services.get(owner);
    if (!service) throw new Error(`no service ${owner}`);
    return service;
  }
}
