import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { instrumented } from '#lib/instrumented.ts';
import { mapConcurrently } from '#lib/map-concurrently.ts';
import { logger } from '#lib/observability.ts';
import { deps } from '../dependencies.ts';
import { toJournaledProduct } from '../store/items.ts';
import { makeSettleLedger } from '../use-cases/settle-ledger.ts';

const settle = makeSettleLedger(deps);

/** Products settled at once; each is a few writes. */
const PRODUCTS_IN_FLIGHT = 5;

/**
 * The product rows of the inventory stream (the event source filters them). A product's newest image
 * in the batch carries every journal entry not yet settled, so only that one is settled. A product
 * that fails is reported from its first record in the batch: Lambda retries from there, and what
 * was settled already is settled again to the same rows.
 */
export const handler = instrumented(async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const newest = new Map<string, { first: DynamoDBRecord; image: Record<string, unknown> }>();
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (!image) continue;
    const item = unmarshall(image as Record<string, AttributeValue>);
    const productId = String(item.productId);
    newest.set(productId, { first: newest.get(productId)?.first ?? record, image: item });
  }
  const failed: DynamoDBRecord[] = [];
  await mapConcurrently([...newest.values()], PRODUCTS_IN_FLIGHT, async ({ first, image }) => {
    try {
      await settle(toJournaledProduct(image));
    } catch (error) {
      logger.error('settling the ledger failed; the stream retries', { productId: image.productId, error });
      failed.push(first);
    }
  });
  return {
    batchItemFailures: failed.map((r) => ({ itemIdentifier: r.dynamodb?.SequenceNumber ?? '' })),
  };
});
