import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { dynamoClient } from '#lib/dynamodb/client.ts';
import { AppError } from '#lib/errors.ts';
import { IDEMPOTENCY_PK } from './store/keys.ts';

export interface IdempotentRequest<B> {
  headers: { 'idempotency-key'?: string };
  body: B;
  correlationId: string;
  /** Who asks; not part of what a replay is compared on (the body is). */
  actor: string;
}

/**
 * A crashed attempt holds its key this long (INPROGRESS); after it a retry may run again. Longer than
 * the slowest order (pricing + reservation + recording retries), far shorter than the 24 h replay.
 */
const IN_PROGRESS_MS = 30_000;

/**
 * Powertools idempotency keyed by the `Idempotency-Key` header and validated against the body, in the
 * Sales table itself (static partition, key hash as sort key, expiry in the table's `ttl`). Only
 * successful answers are kept: a failed attempt (4xx/5xx) deletes its record, so a retry after a 503
 * can still succeed, while a success is replayed (status and body) for 24 hours.
 */
export function idempotentByKey<B, R>(tableName: string, run: (request: IdempotentRequest<B>) => Promise<R>) {
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName,
    keyAttr: 'pk',
    sortKeyAttr: 'sk',
    staticPkValue: IDEMPOTENCY_PK,
    expiryAttr: 'ttl',
    awsSdkV3Client: dynamoClient,
  });
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'headers."idempotency-key"',
    payloadValidationJmesPath: 'body',
    expiresAfterSeconds: 86_400,
    throwOnNoIdempotencyKey: false,
  });
  // Not a Lambda handler, so Powertools cannot see the context: give it the in-progress budget.
  config.registerLambdaContext({ getRemainingTimeInMillis: () => IN_PROGRESS_MS } as Context);
  const idempotent = makeIdempotent(run, { persistenceStore, config, keyPrefix: 'place-order' });

  return async (request: IdempotentRequest<B>): Promise<R> => {
    try {
      return await idempotent(request);
    } catch (error) {
      if (error instanceof IdempotencyValidationError) {
        throw new AppError(
          'idempotency_key_reused',
          'This Idempotency-Key was used with another request body.',
        );
      }
      if (error instanceof IdempotencyAlreadyInProgressError) {
        throw new AppError(
          'idempotency_request_in_progress',
          'A request with this Idempotency-Key is still being processed; retry shortly.',
          { headers: { 'retry-after': '1' } },
        );
      }
      throw error;
    }
  };
}

/**
 * The key an Idempotency-Key is stored under: the client's id and the key, so keys never collide
 * across clients. A client id cannot contain a space, so no two pairs make the same string.
 */
export const clientScopedKey = (clientId: string, key: string): string => `${clientId} ${key}`;
