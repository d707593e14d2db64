import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestRuntime } from '../test/support/runtime.ts';

/** What the benchmark runs against: its own runtime, or one that is already up at API_URL. */
export interface Target {
  baseUrl: string;
  /** DynamoDB endpoint for the raw-transaction floor; absent when an external API has none given. */
  dynamodbEndpoint: string | undefined;
  messagingEndpoint: string | undefined;
  /** The runtime's process id when the benchmark started it (memory is sampled only then). */
  pid: number | undefined;
  own: boolean;
  stop(): Promise<void>;
}

/**
 * Starts a runtime on free ports with a throw-away data directory and no demo catalogue, unless API_URL
 * names one (then AWS_ENDPOINT_URL_DYNAMODB, if set, is used for the floor). `extraEnv` reaches the
 * runtime process (e.g. NODE_OPTIONS=--cpu-prof for a profile); its log is copied to `keepLogAs`.
 */
export async function openTarget(extraEnv: Record<string, string> = {}, keepLogAs?: string): Promise<Target> {
  const external = process.env.API_URL;
  if (external) {
    return {
      baseUrl: external.replace(/\/$/, ''),
      dynamodbEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB,
      messagingEndpoint: process.env.AWS_ENDPOINT_URL_SQS,
      pid: undefined,
      own: false,
      stop: async () => {},
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'retail-bench-'));
  const runtime = await startTestRuntime({ dataDir, env: { DEMO_DATA: 'false', ...extraEnv } });
  return {
    baseUrl: runtime.baseUrl,
    dynamodbEndpoint: runtime.dynamodbEndpoint,
    messagingEndpoint: runtime.messagingEndpoint,
    pid: runtime.pid,
    own: true,
    stop: async () => {
      await runtime.stop();
      // The runtime's own log outlives its data directory, for a look at what it said under load.
      if (keepLogAs) copyFileSync(join(dataDir, 'runtime.log'), keepLogAs);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
