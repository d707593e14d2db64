import type { RuntimeOptions } from '#local/config.ts';
import { startDynamoDbLocal } from './dynamodb-local.ts';
import { useExternalDynamoDb, useExternalMessaging } from './external.ts';
import { type Messaging, startMessaging } from './messaging.ts';

/** An emulator the runtime talks to: its own, or one already running that it was pointed at. */
export interface Opened {
  endpoint: string;
  /** Whether DYNAMODB_ENDPOINT / MESSAGING_ENDPOINT named it: then `stop` leaves it running. */
  external: boolean;
  stop(): Promise<void>;
}

type Options = Pick<
  RuntimeOptions,
  'dataDir' | 'dynamodbPort' | 'dynamodbEndpoint' | 'messagingPort' | 'messagingEndpoint'
>;

/** DynamoDB Local of our own (Java, data under DATA_DIR), or the one at DYNAMODB_ENDPOINT. */
export async function openDynamoDb(options: Options, signal?: AbortSignal): Promise<Opened> {
  if (options.dynamodbEndpoint) {
    await useExternalDynamoDb(options.dynamodbEndpoint, signal);
    return { endpoint: options.dynamodbEndpoint, external: true, stop: async () => undefined };
  }
  const own = await startDynamoDbLocal({ port: options.dynamodbPort, dataDir: options.dataDir });
  return { ...own, external: false };
}

/**
 * fauxqs of our own, or the emulator at MESSAGING_ENDPOINT behind a fault switch; `endpoint` is what
 * the runtime's clients and workers use, pause/resume are what a `messaging` fault does.
 */
export async function openMessaging(options: Options, signal?: AbortSignal): Promise<Messaging & Opened> {
  if (options.messagingEndpoint) {
    return { ...(await useExternalMessaging(options.messagingEndpoint, signal)), external: true };
  }
  const own = await startMessaging({ port: options.messagingPort, dataDir: options.dataDir });
  return { ...own, external: false };
}
