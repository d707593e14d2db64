import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { SalesChange } from '../domain/rollup.ts';
import { orderKey, RETURN_SK_PREFIX } from './keys.ts';
import { toOrder, toReturn } from './order-items.ts';

/** What a record of the Sales table's stream (new images) says happened, in the domain's terms. */
export function changeOfRecord(record: DynamoDBRecord): SalesChange {
  const image = record.dynamodb?.NewImage;
  const sk = record.dynamodb?.Keys?.sk?.S;
  const pk = record.dynamodb?.Keys?.pk?.S;
  if (!image || sk === undefined || !pk?.startsWith('ORDER#')) return { kind: 'other' };
  const item = unmarshall(image as Record<string, AttributeValue>);
  if (sk === orderKey('').sk) {
    if (record.eventName === 'INSERT') return { kind: 'order-inserted', order: toOrder(item) };
    if (record.eventName === 'MODIFY') return { kind: 'order-modified', order: toOrder(item) };
  }
  if (sk.startsWith(RETURN_SK_PREFIX) && record.eventName === 'INSERT') {
    return { kind: 'return-inserted', record: toReturn(item) };
  }
  return { kind: 'other' };
}
