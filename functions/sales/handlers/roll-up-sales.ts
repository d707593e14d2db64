import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { instrumented } from '#lib/instrumented.ts';
import { logger, rollups } from '../dependencies.ts';
import { changeOfRecord } from '../store/rollup-changes.ts';
import { makeRollUpSales } from '../use-cases/roll-up.ts';

const rollUp = makeRollUpSales({ rollups, logger });

/**
 * The Sales table's orders and returns, from its stream (the event source filters out the other rows),
 * into the daily and hourly rollups the sales report reads: one transaction per batch as a rule
 * (`store/rollup-writes.ts`). A failure is reported from the first record not known to be applied:
 * Lambda delivers the batch again from there, and the markers keep what was applied from counting twice.
 */
export const handler = instrumented(async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const failedAt = await rollUp(event.Records.map(changeOfRecord));
  const record = failedAt === undefined ? undefined : event.Records[failedAt];
  return { batchItemFailures: record ? [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] : [] };
});
