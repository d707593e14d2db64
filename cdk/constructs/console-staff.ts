import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { staffGroups } from '#console/staff-groups.ts';
import { allScopes } from '#lib/catalogue/index.ts';
import type { Auth } from './auth.ts';

/**
 * The pre-token-generation trigger (event V2_0): a person's access token keeps only the resource-server
 * scopes their groups give (console/staff-groups.ts). Someone in no group gets none of them, so a
 * user created without a group can sign in but do nothing. Written out from the groups table, so
 * the infra test can run exactly the code that deploys.
 */
export const scopeTriggerSource = (): string => `'use strict';
const allowed = ${JSON.stringify(Object.fromEntries(staffGroups.map((g) => [g.group, g.scopes])))};
exports.handler = async (event) => {
  const groups = (event.request && event.request.groupConfiguration && event.request.groupConfiguration.groupsToOverride) || [];
  const mine = new Set(groups.flatMap((group) => allowed[group] || []));
  const asked = (event.request && event.request.scopes) || [];
  // Only the API's own scopes (server/name) are the groups' to decide; openid and the like stay.
  const scopesToSuppress = asked.filter((scope) => scope.includes('/') && !mine.has(scope));
  event.response = { claimsAndScopeOverrideDetails: { accessTokenGeneration: { scopesToSuppress } } };
  return event;
};
`;

export interface ConsoleStaffProps {
  auth: Auth;
  /** The console's address: where sign-in and sign-out come back to. */
  consoleUrl: string;
}

/**
 * People in the user pool: the console's public app client (authorization code with PKCE, no
 * secret), the staff groups, the trigger that cuts each person's scopes to their groups', and the
 * managed login's look for the console client.
 */
export class ConsoleStaff extends Construct {
  readonly client: cognito.UserPoolClient;
  readonly groups: cognito.CfnUserPoolGroup[];
  readonly trigger: lambda.Function;

  constructor(scope: Construct, id: string, props: ConsoleStaffProps) {
    super(scope, id);
    const { auth } = props;

    this.client = auth.userPool.addClient('ConsoleClient', {
      userPoolClientName: 'console',
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, ...allScopes.map(auth.oauthScope)],
        callbackUrls: [props.consoleUrl],
        logoutUrls: [props.consoleUrl],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      // Tokens live in the page's memory only; a reload signs in again through the managed login.
      refreshTokenValidity: Duration.hours(8),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
    });
    // The API and its JWT authorizer accept people's tokens from this client too.
    auth.clients.push(this.client);

    new cognito.CfnManagedLoginBranding(this, 'ManagedLogin', {
      userPoolId: auth.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });

    this.groups = staffGroups.map(
      (group) =>
        new cognito.CfnUserPoolGroup(this, `Group${group.group}`, {
          userPoolId: auth.userPool.userPoolId,
          groupName: group.group,
          description: `${group.description} (${group.scopes.join(' ')})`,
        }),
    );

    const logGroup = new logs.LogGroup(this, 'TriggerLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(this, 'TriggerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: "Cuts a person's token scopes to their staff groups'",
    });
    logGroup.grantWrite(role);
    this.trigger = new lambda.Function(this, 'ScopeTrigger', {
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromInline(scopeTriggerSource()),
      memorySize: 128,
      timeout: Duration.seconds(5),
      role,
      logGroup,
      description: "Pre token generation: a person's scopes are their staff groups'",
    });
    auth.userPool.addTrigger(
      cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG,
      this.trigger,
      cognito.LambdaVersion.V2_0,
    );
  }
}
