import { startTestRuntime, type TestRuntime } from './runtime.ts';

declare global {
  var __localRuntime: TestRuntime | undefined;
}

/**
 * Starts the one local runtime every test file shares, unless API_URL already names a stack to test
 * (a deployed one, or a runtime you started yourself). Jest's workers inherit the variables set here:
 * the API's URL, and the SDK's endpoints and credentials for tests that look into the emulators.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.API_URL) return;
  const runtime = await startTestRuntime();
  globalThis.__localRuntime = runtime;
  Object.assign(process.env, {
    API_URL: runtime.baseUrl,
    AWS_ENDPOINT_URL_DYNAMODB: runtime.dynamodbEndpoint,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: runtime.dynamodbEndpoint,
    AWS_ENDPOINT_URL_SNS: runtime.messagingEndpoint,
    AWS_ENDPOINT_URL_SQS: runtime.messagingEndpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    LOCAL_RUNTIME_DATA_DIR: runtime.dataDir,
  });
}
