import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import type { StreamConsumerDef } from '#lib/catalogue/index.ts';

/**
 * Lambda event filtering offline: whether a stream record reaches a consumer, by the same filter
 * cdk/ renders into the event source mapping: the kind of change is one of `events`, `pk` begins
 * with the prefix, `sk` equals (when set), and each `newImage` attribute holds its value (when set).
 * Like the filter pattern, a value of another type than string does not match, and a record
 * without a new image (a removal) matches no `newImage` condition.
 */
export function matchesFilter(record: _Record, filter: StreamConsumerDef['filter']): boolean {
  if (record.eventName === undefined || !filter.events.includes(record.eventName)) return false;
  const keys = record.dynamodb?.Keys;
  const pk = keys?.pk?.S;
  if (pk === undefined || !pk.startsWith(filter.pkPrefix)) return false;
  if (filter.sk !== undefined && keys?.sk?.S !== filter.sk) return false;
  const image = record.dynamodb?.NewImage;
  return Object.entries(filter.newImage ?? {}).every(([name, value]) => image?.[name]?.S === value);
}
