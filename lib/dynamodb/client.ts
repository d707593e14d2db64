import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from '../observability.ts';

/**
 * One document client per function instance. The endpoint comes from the SDK's own
 * `AWS_ENDPOINT_URL_DYNAMODB` when set (local runtime, LocalStack), so no code here knows where it runs.
 */
export const dynamoClient = tracer.captureAWSv3Client(new DynamoDBClient({}));

export const dynamo = DynamoDBDocumentClient.from(dynamoClient, {
  marshallOptions: { removeUndefinedValues: true },
});
