import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';

/** The one region and account the emulators pretend to be; ARNs built locally use them too. */
export const region = 'us-east-1';
export const accountId = '000000000000';
/** The emulators accept any credentials, but the SDK refuses to sign without some. */
export const dummyCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface Endpoints {
  /** What the runtime's own clients and the workers talk to. */
  dynamodb: string;
  messaging: string;
  /**
   * The emulators named by DYNAMODB_ENDPOINT / MESSAGING_ENDPOINT, which this runtime neither started
   * nor stops. Other tools should use these URLs (`messaging` above may be the fault switch in front).
   */
  external?: { dynamodb?: string | undefined; messaging?: string | undefined };
}

/** The runtime's own clients (provisioning and pollers); handlers build theirs from the environment. */
export function clientsFor(endpoints: Endpoints) {
  const common = { region, credentials: dummyCredentials, maxAttempts: 3 };
  return {
    dynamodb: new DynamoDBClient({ ...common, endpoint: endpoints.dynamodb }),
    streams: new DynamoDBStreamsClient({ ...common, endpoint: endpoints.dynamodb }),
    sns: new SNSClient({ ...common, endpoint: endpoints.messaging }),
    // An explicit endpoint keeps the SDK from sending requests to the host inside a queue URL.
    sqs: new SQSClient({ ...common, endpoint: endpoints.messaging }),
  };
}

export type Clients = ReturnType<typeof clientsFor>;

export const topicArn = (name: string): string => `arn:aws:sns:${region}:${accountId}:${name}`;
export const queueArn = (name: string): string => `arn:aws:sqs:${region}:${accountId}:${name}`;
