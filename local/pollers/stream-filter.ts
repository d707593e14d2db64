import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import type { StreamConsumerDef } from '#lib/catalogue/index.ts';

/**
 * Lambda event filtering offline: whether a stream record reaches a consumer, by the same key filter
 * cdk/ renders into the event source mapping (`pk` begins with the prefix; `sk` equals, when set).
 * Keys are in every record, removals included, so the decision never depends on an image.
 * Like the filter pattern, a key of another type than string does not match.
 */
export function matchesFilter(record: _Record, filter: StreamConsumerDef['filter']): boolean {
  const keys = record.dynamodb?.Keys;
  const pk = keys?.pk?.S;
  if (pk === undefined || !pk.startsWith(filter.pkPrefix)) return false;
  return filter.sk === undefined || keys?.sk?.S === filter.sk;
}
