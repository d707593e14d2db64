import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Aws, type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { distDir, ensureConsoleBuiltSync } from '#console/build.ts';

/** The console's path on its distribution, as on the local gateway (API.md: `/console/`). */
const PREFIX = 'console';

export interface OperatorConsoleProps {
  /** The Cognito domain the console signs people in at (its token endpoint is called from the page). */
  authBaseUrl: string;
  /** The API's custom domain, when it has one; else the page may call any execute-api host of the region. */
  apiDomain?: string;
  /** The built console (default console/dist, built now when missing or stale). */
  assetDir?: string;
}

/**
 * Every screen's address answers index.html (a reload keeps the screen); `/` and `/console` go to
 * `/console/`. A CloudFront Function, so S3 keeps its own 403 for anything else missing.
 */
export const spaRouting = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/' || uri === '/${PREFIX}') {
    return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: '/${PREFIX}/' } } };
  }
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (uri.indexOf('/${PREFIX}/') === 0 && last.indexOf('.') === -1) {
    request.uri = '/${PREFIX}/index.html';
  }
  return request;
}`;

/**
 * The operator console in AWS: a private bucket (S3 only reads it for CloudFront, through origin
 * access control) behind a distribution with the security headers of the local gateway, the built
 * files, and `config.json`, which tells the page where the API and the sign-in are.
 */
export class OperatorConsole extends Construct {
  readonly bucket: s3.Bucket;
  readonly logs: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** `https://<distribution>/console/`: the console, its sign-in callback and its sign-out target. */
  readonly url: string;
  /** `https://<distribution>`: the one origin the HTTP API answers CORS for. */
  readonly origin: string;
  private readonly assetDir: string;

  constructor(scope: Construct, id: string, props: OperatorConsoleProps) {
    super(scope, id);
    if (props.assetDir === undefined) ensureConsoleBuiltSync();
    this.assetDir = props.assetDir ?? distDir;

    this.logs = new s3.Bucket(this, 'Logs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront's standard logs are written with an ACL.
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    Validations.of(this.logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        "This is the log bucket of the console's bucket and distribution; logging it into itself would loop.",
    });
    this.bucket = new s3.Bucket(this, 'Site', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: 's3/',
      // Built files only, rebuilt by every deploy.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });

    const api = props.apiDomain
      ? `https://${props.apiDomain}`
      : `https://*.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`;
    const headers = new cloudfront.ResponseHeadersPolicy(this, 'Headers', {
      comment: "The operator console's security headers",
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          override: true,
          contentSecurityPolicy: [
            "default-src 'self'",
            "script-src 'self'",
            // The API's printable receipt is shown in a sandboxed frame with its own inline styles.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            `connect-src 'self' ${api} ${props.authBaseUrl}`,
            "frame-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
          ].join('; '),
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
      },
      customHeadersBehavior: {
        customHeaders: [
          { header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true },
          {
            header: 'Permissions-Policy',
            value: 'camera=(), microphone=(), geolocation=(), payment=()',
            override: true,
          },
        ],
      },
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Retail suite operator console',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations: [
          {
            eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
            function: new cloudfront.Function(this, 'Routing', {
              code: cloudfront.FunctionCode.fromInline(spaRouting),
              runtime: cloudfront.FunctionRuntime.JS_2_0,
              comment: "Every console screen's address answers index.html",
            }),
          },
        ],
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_ALL,
      enableLogging: true,
      logBucket: this.logs,
      logFilePrefix: 'cloudfront/',
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'Staff sign in from wherever the shop is; the API behind the console authorizes every call.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'Static files only, with no origin logic to protect; the HTTP API has its own per-route throttling. A WAF web ACL can be attached if a deployment wants one.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The distribution uses its default *.cloudfront.net certificate, whose TLS policy CloudFront fixes; a custom domain with its own certificate gets TLSv1.2_2021.',
      },
    );

    this.origin = `https://${this.distribution.distributionDomainName}`;
    this.url = `${this.origin}/${PREFIX}/`;
  }

  /**
   * Uploads the built files (hashed assets cached for good), index.html and `config.json` (never
   * cached), then invalidates the console's paths.
   */
  deploy(config: { apiUrl: string; authBaseUrl: string; clientId: string; scopes: readonly string[] }): void {
    const destinationKeyPrefix = `${PREFIX}/`;
    const assets = new s3deploy.BucketDeployment(this, 'Assets', {
      destinationBucket: this.bucket,
      destinationKeyPrefix: `${PREFIX}/assets/`,
      sources: [s3deploy.Source.asset(join(this.assetDir, 'assets'))],
      cacheControl: [s3deploy.CacheControl.fromString('public, max-age=31536000, immutable')],
      // Old hashed files stay for pages still open on an older build.
      prune: false,
      memoryLimit: 256,
    });
    const pages = new s3deploy.BucketDeployment(this, 'Pages', {
      destinationBucket: this.bucket,
      destinationKeyPrefix,
      sources: [
        s3deploy.Source.data('index.html', readFileSync(join(this.assetDir, 'index.html'), 'utf8')),
        s3deploy.Source.jsonData('config.json', {
          apiUrl: config.apiUrl,
          authorizeUrl: `${config.authBaseUrl}/oauth2/authorize`,
          tokenUrl: `${config.authBaseUrl}/oauth2/token`,
          logoutUrl: `${config.authBaseUrl}/logout`,
          clientId: config.clientId,
          scopes: config.scopes,
        }),
      ],
      cacheControl: [s3deploy.CacheControl.noCache()],
      prune: false,
      distribution: this.distribution,
      distributionPaths: [`/${PREFIX}/*`],
      memoryLimit: 256,
    });
    // index.html names the assets: they are in place before it is.
    pages.node.addDependency(assets);

    // The bucket deployments run on one CDK-owned function per stack.
    const provider = Stack.of(this)
      .node.findAll()
      .find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (provider) {
      Validations.of(provider).acknowledge(
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason:
            "The CDK-owned BucketDeployment function (it copies the built console into the bucket at deploy time) writes its logs with this policy; its role is CDK's.",
        },
        ...[
          'Action::s3:Abort*',
          'Action::s3:DeleteObject*',
          'Action::s3:GetBucket*',
          'Action::s3:GetObject*',
          'Action::s3:List*',
          'Resource::*',
          `Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnElement)}.Arn>/*`,
          'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
        ].map((finding) => ({
          id: `AwsSolutions-IAM5[${finding}]`,
          reason:
            "The CDK-owned BucketDeployment function copies the built console from CDK's asset bucket into the console bucket (object wildcards under each) and creates CloudFront invalidations, which have no resource-level permissions.",
        })),
        {
          id: 'AwsSolutions-L1',
          reason: "The CDK-owned BucketDeployment function's runtime is chosen by the CDK release.",
        },
      );
    }
  }
}
