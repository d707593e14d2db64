import { Aws, Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AwsCustomResource } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { routes } from '#functions/catalogue.ts';
import type { Scope, ServiceName } from '#lib/catalogue/index.ts';
import { apiClients, scopeDescriptions, serviceClients } from '#lib/catalogue/index.ts';
import { pascal } from './names.ts';

export interface AuthProps {
  /** @default `<stack name>-<account id>`, lower case */
  domainPrefix?: string;
}

export interface ServiceCredentials {
  client: cognito.UserPoolClient;
  /** Holds the client's secret (the SecretString is the bare secret); functions get its ARN, never the value. */
  secret: secretsmanager.Secret;
}

/**
 * The token issuer: a Cognito user pool with no users, used only for the OAuth2 client-credentials
 * grant. One resource server per service (`inventory`, `pricing`, `sales`) carries the scopes of
 * API.md; every client is a confidential app client.
 */
export class Auth extends Construct {
  readonly userPool: cognito.UserPool;
  readonly domain: cognito.UserPoolDomain;
  /** `https://cognito-idp.<region>.amazonaws.com/<userPoolId>` */
  readonly issuer: string;
  readonly jwksUri: string;
  /** The client-credentials token endpoint. */
  readonly tokenUrl: string;
  /** Every app client; the JWT authorizer and the handlers accept tokens of these only. */
  readonly clients: cognito.UserPoolClient[] = [];
  /** The API's own clients (admin, pos) by client name; their ids are stack outputs. */
  readonly apiClients = new Map<string, cognito.UserPoolClient>();
  /** A scope of API.md as an OAuth scope an app client may be given (the console's client, too). */
  readonly oauthScope: (scope: Scope) => cognito.OAuthScope;
  private readonly credentials = new Map<ServiceName, ServiceCredentials>();

  constructor(scope: Construct, id: string, props: AuthProps = {}) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      accountRecovery: cognito.AccountRecovery.NONE,
      passwordPolicy: {
        minLength: 14,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
      },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      // Essentials: the managed login, and the V2 pre-token-generation trigger that sets staff scopes.
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      // It holds no users, only app clients that are recreated with the stack.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        "Its users are the shop's few staff, created by an administrator (no self sign-up), with TOTP MFA required; the Plus tier's threat protection is a paid option a deployment can turn on. Client-credentials clients are not covered by it at all.",
    });

    const stack = Stack.of(this);
    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: {
        domainPrefix: props.domainPrefix ?? Fn.join('-', [stack.stackName.toLowerCase(), Aws.ACCOUNT_ID]),
      },
      // Staff sign in to the console on the managed login pages.
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    this.issuer = this.userPool.userPoolProviderUrl;
    this.jwksUri = `${this.issuer}/.well-known/jwks.json`;
    this.tokenUrl = `${this.domain.baseUrl()}/oauth2/token`;

    // One resource server per scope prefix: `inventory/read` is scope `read` of server `inventory`.
    const servers = new Map<
      string,
      { server: cognito.UserPoolResourceServer; scopes: Map<string, cognito.ResourceServerScope> }
    >();
    const allScopes = new Set<Scope>([
      ...routes.flatMap((route) => (route.scope ? [route.scope] : [])),
      ...serviceClients.flatMap((client) => client.scopes),
      ...apiClients.flatMap((client) => client.scopes),
    ]);
    const scopesByServer = new Map<string, string[]>();
    for (const scopeName of [...allScopes].sort()) {
      const [server, name] = scopeName.split('/') as [string, string];
      scopesByServer.set(server, [...(scopesByServer.get(server) ?? []), name]);
    }
    for (const [identifier, names] of scopesByServer) {
      const scopes = new Map(
        names.map((name) => [
          name,
          new cognito.ResourceServerScope({
            scopeName: name,
            scopeDescription: scopeDescriptions[`${identifier}/${name}` as Scope],
          }),
        ]),
      );
      const server = this.userPool.addResourceServer(`${pascal(identifier)}ResourceServer`, {
        identifier,
        userPoolResourceServerName: identifier,
        scopes: [...scopes.values()],
      });
      servers.set(identifier, { server, scopes });
    }
    const oauthScope = (scopeName: Scope): cognito.OAuthScope => {
      const [identifier, name] = scopeName.split('/') as [string, string];
      const entry = servers.get(identifier);
      const scopeDef = entry?.scopes.get(name);
      if (!entry || !scopeDef) throw new Error(`no resource server scope for ${scopeName}`);
      return cognito.OAuthScope.resourceServer(entry.server, scopeDef);
    };
    this.oauthScope = oauthScope;
    const addClient = (name: string, scopes: readonly Scope[]): cognito.UserPoolClient => {
      const client = this.userPool.addClient(`${pascal(name)}Client`, {
        userPoolClientName: name,
        generateSecret: true,
        oAuth: { flows: { clientCredentials: true }, scopes: scopes.map(oauthScope) },
        accessTokenValidity: Duration.hours(1),
        preventUserExistenceErrors: true,
        enableTokenRevocation: true,
      });
      this.clients.push(client);
      return client;
    };

    for (const client of apiClients)
      this.apiClients.set(client.clientId, addClient(client.clientId, client.scopes));
    for (const def of serviceClients) {
      const client = addClient(def.clientId, def.scopes);
      const secret = new secretsmanager.Secret(this, `${pascal(def.clientId)}Secret`, {
        description: `Client secret of the ${def.clientId} app client (client-credentials grant)`,
        secretStringValue: client.userPoolClientSecret,
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'The value is the Cognito app client secret, which Cognito generates and CloudFormation copies here; Secrets Manager cannot rotate it. Rotate by replacing the app client.',
      });
      this.credentials.set(def.service, { client, secret });
    }
    // `userPoolClientSecret` reads the secret through one stack-wide AwsCustomResource provider.
    const provider = stack.node.tryFindChild(
      `AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replaceAll('-', '')}`,
    );
    if (provider) {
      Validations.of(provider).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          'The CDK-owned AwsCustomResource provider (it copies the Cognito client secrets into Secrets Manager at deploy time) only writes its own logs with this policy; its role is not configurable.',
      });
    }
  }

  /** The client a service calls the others with, when it has one. */
  credentialsOf(service: ServiceName): ServiceCredentials | undefined {
    return this.credentials.get(service);
  }
}
