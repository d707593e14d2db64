import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { region } from '#local/aws.ts';

/** The SDK hands binary attributes over as bytes; Lambda's event carries them base64-encoded. */
const jsonSafe = (value: unknown): unknown => {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  }
  return value;
};

/** A GetRecords record as the record of a DynamoDB event source mapping's event. */
export function toStreamRecord(record: _Record, streamArn: string): DynamoDBRecord {
  const { ApproximateCreationDateTime, ...rest } = record.dynamodb ?? {};
  const out: DynamoDBRecord = {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    dynamodb: {
      // Lambda gives epoch seconds where the SDK gives a Date.
      ApproximateCreationDateTime: Math.floor((ApproximateCreationDateTime ?? new Date()).getTime() / 1000),
      ...(jsonSafe(rest) as DynamoDBRecord['dynamodb']),
    },
    eventSourceARN: streamArn,
  };
  if (record.userIdentity) out.userIdentity = record.userIdentity;
  return out;
}

export const toStreamEvent = (records: _Record[], streamArn: string): DynamoDBStreamEvent => ({
  Records: records.map((r) => toStreamRecord(r, streamArn)),
});

/**
 * Where to resume after an invocation, by Lambda's ReportBatchItemFailures rules for streams: from the
 * earliest reported sequence number; from the start when the list is malformed; nowhere when it is empty.
 * Returns the index in `records` to retry from, or undefined when the batch succeeded.
 */
export function retryFrom(result: unknown, records: readonly _Record[]): number | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const failures = (result as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return undefined;
  if (!Array.isArray(failures)) return 0;
  if (failures.length === 0) return undefined;
  let earliest = records.length;
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    const index = records.findIndex((r) => r.dynamodb?.SequenceNumber === id);
    if (typeof id !== 'string' || index === -1) return 0;
    earliest = Math.min(earliest, index);
  }
  return earliest;
}
