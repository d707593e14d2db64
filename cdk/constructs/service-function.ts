import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { TableAccess } from '#lib/catalogue/index.ts';

/** The repository root: catalogue handler paths are relative to it. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** ESM bundles still meet CommonJS dependencies that call `require`; give them one. */
const requireShim =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

const tableReadActions = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:ConditionCheckItem',
];
const tableWriteActions = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

export interface ServiceFunctionProps {
  /** Handler module, relative to the repository root (the catalogue's `handler`). It exports `handler`. */
  entry: string;
  environment: Record<string, string>;
  /** @default 10 seconds */
  timeout?: Duration;
  description?: string;
}

/**
 * A Lambda function with the house defaults: Node 24 on arm64, an ESM bundle (minified, with source
 * maps), X-Ray tracing, its own log group with a retention, and a role that starts with nothing but
 * its log group; every other permission comes from a `bind*` call naming the resource.
 */
export class ServiceFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly entry: string;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    this.entry = props.entry;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // A role of our own instead of AWSLambdaBasicExecutionRole: it may write to this log group only.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.entry}`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: `${repoRoot}${props.entry}`,
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: `${repoRoot}package-lock.json`,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      role: this.role,
      description: props.description ?? props.entry,
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
      bundling: {
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: requireShim,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // The runtime's own AWS SDK v3 is used (the default for Node >= 18): smaller bundles, faster cold starts.
        externalModules: ['@aws-sdk/*'],
      },
    });

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing (Tracing.ACTIVE) adds xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsx-ray.html',
    });
  }

  /**
   * Item access to one table and only the named indexes (no `index/*` wildcard). Table encryption is
   * AWS-managed, so no KMS grant is needed.
   */
  bindTable(
    table: dynamodb.ITable,
    access: Exclude<TableAccess, 'none'>,
    indexNames: readonly string[] = [],
  ): void {
    const actions = access === 'read' ? tableReadActions : [...tableReadActions, ...tableWriteActions];
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions,
        resources: [table.tableArn, ...indexNames.map((name) => `${table.tableArn}/index/${name}`)],
      }),
    );
  }

  /** Publish to one topic. */
  bindTopic(topic: sns.ITopic): void {
    topic.grantPublish(this.role);
  }

  /** Read one secret's value. */
  bindSecret(secret: secretsmanager.ISecret): void {
    secret.grantRead(this.role);
  }
}
