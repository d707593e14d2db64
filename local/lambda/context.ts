import { randomBytes, randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { accountId, region } from '#local/aws.ts';

const unsupported = (): never => {
  throw new Error('context.done/fail/succeed are not supported by the nodejs24.x runtime; return or throw');
};

/** The context object the Lambda Node.js runtime passes as the handler's second argument. */
export function lambdaContext(functionName: string, deadline: number): Context {
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${accountId}:function:${functionName}`,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${day}/[$LATEST]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}
