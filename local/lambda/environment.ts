import { fileURLToPath } from 'node:url';
import {
  environmentFor,
  type Owner,
  serviceClientOf,
  serviceClients,
  tableOf,
  topicOf,
} from '#lib/catalogue/index.ts';
import { findClient, localClients } from '#local/auth/clients.ts';
import { dummyCredentials, type Endpoints, region, topicArn } from '#local/aws.ts';
import type { RuntimeOptions } from '#local/config.ts';

/** Where the repository root is: handler paths in the catalogue are relative to it. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The environment of a service's worker: exactly what the CDK app gives that service's functions
 * (`environmentFor`), resolved to local names, plus what the Lambda service itself would set and the
 * SDK's own endpoint variables, so handler code has no local-only branch.
 */
export function workerEnvironment(
  owner: Owner,
  context: {
    baseUrl: string;
    serviceUrl: string;
    endpoints: Endpoints;
    /** The SES emulator's API. */
    sesEndpoint: string;
    options: RuntimeOptions;
  },
): Record<string, string> {
  const { baseUrl, serviceUrl, endpoints, sesEndpoint, options } = context;
  const service = owner === 'platform' ? undefined : owner;
  const serviceClient = service ? serviceClientOf(service) : undefined;
  // Notifications announces nothing, so it has no topic.
  const topic = service ? topicOf(service) : undefined;
  const app = environmentFor(owner, {
    tableName: service ? tableOf(service).name : undefined,
    topicArn: topic ? topicArn(topic.name) : undefined,
    apiUrl: baseUrl,
    // As in AWS, only a service that calls others (it has a client) is given the service API.
    serviceApiUrl: serviceClient ? serviceUrl : undefined,
    jwtIssuer: baseUrl,
    jwksUri: `${baseUrl}/.well-known/jwks.json`,
    tokenUrl: `${baseUrl}/oauth2/token`,
    allowedClientIds: localClients.map((client) => client.clientId),
    serviceClientIds: Object.fromEntries(serviceClients.map((client) => [client.service, client.clientId])),
    clientId: serviceClient?.clientId,
    clientSecret: serviceClient ? findClient(serviceClient.clientId)?.clientSecret : undefined,
    currency: options.currency,
    reservationTtlSeconds: options.reservationTtlSeconds,
    priceCacheMaxAgeSeconds: options.priceCacheMaxAgeSeconds,
    logLevel: options.logLevel,
    // The local runtime is where the simulator belongs; a deployment names its provider (cdk/config.ts).
    payments: 'simulator',
    seller: options.seller,
    mail: { from: options.notifyFrom, buyerEmail: options.notifyBuyerEmail },
  });
  return {
    ...app,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SNS: endpoints.messaging,
    AWS_ENDPOINT_URL_SQS: endpoints.messaging,
    AWS_ENDPOINT_URL_SESV2: sesEndpoint,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: dummyCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: dummyCredentials.secretAccessKey,
    // No X-Ray daemon or CloudWatch here; Powertools would otherwise try to reach them.
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_METRICS_DISABLED: 'true',
    // POWERTOOLS_DEV stays unset: log lines keep the one-JSON-object-per-line shape of CloudWatch.
    // One worker stands for all of a service's functions; each invocation's own name is in its context.
    AWS_LAMBDA_FUNCTION_NAME: `local-${owner}`,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    LAMBDA_TASK_ROOT: repoRoot,
    // The benchmark's DynamoDB meter (lib/dynamodb/meter.ts), only when the runtime was started with it.
    ...(process.env.DYNAMODB_METER_FILE ? { DYNAMODB_METER_FILE: process.env.DYNAMODB_METER_FILE } : {}),
  };
}
