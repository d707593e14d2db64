import { Duration, Lazy, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { RouteDef } from '#lib/catalogue/index.ts';
import { rateOf, routeKey, routePaths } from '#lib/catalogue/index.ts';

export interface HttpApiProps {
  /** Appended to the stack name to name the API, e.g. `service`; the public API has none. */
  nameSuffix?: string;
  description: string;
  issuer: string;
  /** Client ids accepted by the JWT authorizer (Cognito access tokens carry them as `client_id`). */
  audience: string[];
  /** The stage default; every route also gets its own rate and burst from the catalogue. */
  throttle: { rateLimit: number; burstLimit: number };
  /** CORS is configured only when this is non-empty. */
  corsOrigins: string[];
  customDomain?: { domainName: string; certificateArn: string };
}

/**
 * HTTP API access logs can read `$context` variables only, not request headers, so the
 * `x-correlation-id` header cannot be logged here: `requestId` and `integrationRequestId` (the
 * Lambda request id) join these lines to the handler's log lines, which carry the correlation id.
 */
const accessLogFields = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integration.status',
  integrationRequestId: '$context.integration.requestId',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  clientId: '$context.authorizer.claims.client_id',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  responseLength: '$context.responseLength',
};

/**
 * An HTTP API in front of the services: a JWT authorizer on the Cognito issuer, a scope per route
 * from the catalogue, throttling per route key (the catalogue's rate and burst) under a stage
 * default, and JSON access logs. The stack has two: the public API for the clients, and the service
 * API that carries only the routes services call, for the services' own clients.
 */
export class HttpApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;
  /** Base URL without a trailing slash: the custom domain when there is one, else the execute-api endpoint. */
  readonly url: string;
  private readonly authorizer: HttpJwtAuthorizer;
  /** The stage's per-route throttling, by route key (CloudFormation's `RouteSettings`). */
  private readonly routeSettings: Record<
    string,
    { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
  > = {};

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);

    const cors: apigw.CorsPreflightOptions | undefined =
      props.corsOrigins.length > 0
        ? {
            allowOrigins: props.corsOrigins,
            allowMethods: [
              apigw.CorsHttpMethod.GET,
              apigw.CorsHttpMethod.POST,
              apigw.CorsHttpMethod.PUT,
              apigw.CorsHttpMethod.DELETE,
              apigw.CorsHttpMethod.OPTIONS,
            ],
            allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-correlation-id'],
            exposeHeaders: ['x-correlation-id'],
            maxAge: Duration.hours(1),
          }
        : undefined;

    this.api = new apigw.HttpApi(this, 'Api', {
      apiName: [Stack.of(this).stackName, ...(props.nameSuffix ? [props.nameSuffix] : [])].join('-'),
      description: props.description,
      createDefaultStage: false,
      ...(cors ? { corsPreflight: cors } : {}),
      // With a custom domain, clients use it only.
      disableExecuteApiEndpoint: props.customDomain !== undefined,
    });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    let domainMapping: apigw.DomainMappingOptions | undefined;
    if (props.customDomain) {
      const domainName = new apigw.DomainName(this, 'DomainName', {
        domainName: props.customDomain.domainName,
        certificate: acm.Certificate.fromCertificateArn(
          this,
          'Certificate',
          props.customDomain.certificateArn,
        ),
        securityPolicy: apigw.SecurityPolicy.TLS_1_2,
      });
      domainMapping = { domainName };
    }

    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(accessLogFields)),
      },
      ...(domainMapping ? { domainMapping } : {}),
    });
    (this.stage.node.defaultChild as apigw.CfnStage).routeSettings = Lazy.any({
      produce: () => (Object.keys(this.routeSettings).length > 0 ? this.routeSettings : undefined),
    });

    this.url = props.customDomain ? `https://${props.customDomain.domainName}` : this.api.apiEndpoint;

    this.authorizer = new HttpJwtAuthorizer('CognitoJwt', props.issuer, {
      authorizerName: props.nameSuffix ? `cognito-jwt-${props.nameSuffix}` : 'cognito-jwt',
      jwtAudience: props.audience,
    });
  }

  /**
   * Routes that share a handler file share its function and one integration. A route with a scope
   * gets the JWT authorizer and that scope; a public one (scope null) gets none.
   */
  addRoutes(id: string, handler: lambda.IFunction, defs: readonly RouteDef[]): apigw.HttpRoute[] {
    const integration = new HttpLambdaIntegration(id, handler, {
      payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
    });
    return defs.flatMap((def) => routePaths(def).flatMap((path) => this.addRoute(def, path, integration)));
  }

  private addRoute(def: RouteDef, path: string, integration: HttpLambdaIntegration): apigw.HttpRoute[] {
    const created = this.api.addRoutes({
      path,
      methods: [apigw.HttpMethod[def.method]],
      integration,
      ...(def.scope
        ? { authorizer: this.authorizer, authorizationScopes: [def.scope] }
        : { authorizer: new apigw.HttpNoneAuthorizer() }),
    });
    const { perSecond, burst } = rateOf(def);
    for (const route of created) {
      this.routeSettings[routeKey({ method: def.method, path })] = {
        ThrottlingRateLimit: perSecond,
        ThrottlingBurstLimit: burst,
      };
      // CloudFormation refuses route settings for a route key that does not exist yet.
      this.stage.node.addDependency(route);
    }
    if (!def.scope) {
      for (const route of created) {
        Validations.of(route).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${routeKey(def)} is public by contract (API.md, Authentication): health checks and the OpenAPI document need no token.`,
        });
      }
    }
    return created;
  }
}
