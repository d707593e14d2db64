import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { sdkClientOptions } from '../aws-http-handler.ts';
import { tracer } from '../observability.ts';
import { meterFromEnvironment } from './meter.ts';

/**
 * One document client per function instance. The endpoint comes from the SDK's own
 * `AWS_ENDPOINT_URL_DYNAMODB` when set (local runtime, LocalStack), so no code here knows where it runs.
 * Its attempts are bound by the request deadline (`sdkClientOptions`). With DYNAMODB_METER_FILE set (the
 * benchmark), each request's consumed units are written there (`./meter.ts`); unset, nothing is attached.
 */
export const dynamoClient = tracer.captureAWSv3Client(
  meterFromEnvironment(new DynamoDBClient(sdkClientOptions())),
);

export const dynamo = DynamoDBDocumentClient.from(dynamoClient, {
  marshallOptions: { removeUndefinedValues: true },
});
