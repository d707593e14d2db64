import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { instrumented } from '#lib/instrumented.ts';
import { logger } from '#lib/observability.ts';
import { deps } from '../dependencies.ts';
import type { ProductImage } from '../domain/stock.ts';
import { toProductImage } from '../store/items.ts';
import { makeSettleLedger, SettleFailed } from '../use-cases/settle-ledger.ts';

const settle = makeSettleLedger(deps);

/**
 * The product rows of the inventory stream that stock changes wrote (the event source filters them):
 * each record's new image is the product as one change left it, so every record is settled, all of a
 * batch together. On a failure the batch is reported from its first record of a failed product (any,
 * when the rows failed): Lambda retries from there, and what was settled already is settled again to
 * the same rows.
 */
export const handler = instrumented(async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const records: { record: DynamoDBRecord; image: ProductImage }[] = [];
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (image)
      records.push({ record, image: toProductImage(unmarshall(image as Record<string, AttributeValue>)) });
  }
  try {
    const unsettled = await settle(records.map((r) => r.image));
    for (const { productId, versions } of unsettled) {
      logger.error('ledger versions nothing accounts for were left unsettled', { productId, versions });
    }
    return { batchItemFailures: [] };
  } catch (error) {
    const failed = error instanceof SettleFailed ? new Set(error.productIds) : undefined;
    const first = records.find((r) => failed === undefined || failed.has(r.image.productId));
    logger.error('settling the ledger failed; the stream retries', {
      productIds: [...(failed ?? [])],
      error,
    });
    return {
      batchItemFailures: first ? [{ itemIdentifier: first.record.dynamodb?.SequenceNumber ?? '' }] : [],
    };
  }
});
