import type { DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { queryPage } from '#lib/dynamodb/paginate.ts';
import type { Page } from '#lib/pagination.ts';
import type { Order } from '../domain/order.ts';
import type { ReturnRecord } from '../domain/returns.ts';
import { customerIndex, dayIndex, orderKey, RETURN_SK_PREFIX, returnsDayIndex } from './keys.ts';
import { toOrder, toReturn } from './order-items.ts';

/** Day partitions of gsi2 read at once by a report. */
const PARALLEL_DAYS = 16;
/**
 * The page size of a read that wants every item: more than a 1 MB page of orders holds, so DynamoDB's
 * own page size decides the round trips.
 */
const WHOLE_PAGES = 10_000;

/** A customer's orders, newest first (gsi1 sorts by `createdAt#orderId`). */
export async function listByCustomer(
  db: DynamoDBDocumentClient,
  table: string,
  customerId: string,
  limit: number,
  cursor: string | undefined,
): Promise<Page<Order>> {
  const page = await queryPage(
    db,
    {
      TableName: table,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': customerIndex(customerId) },
      ScanIndexForward: false,
    },
    limit,
    cursor,
  );
  return { items: page.items.map(toOrder), nextCursor: page.nextCursor };
}

/** Every item of a query, page after page. */
async function queryAll(db: DynamoDBDocumentClient, input: QueryCommandInput) {
  const items: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryPage(db, input, WHOLE_PAGES, cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** The order and its returns (one item collection), the returns in the order of their credit notes. */
export async function orderWithReturns(
  db: DynamoDBDocumentClient,
  table: string,
  orderId: string,
): Promise<{ order: Order; returns: ReturnRecord[] } | undefined> {
  const items = await queryAll(db, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': orderKey(orderId).pk },
    ConsistentRead: true,
  });
  const orderItem = items.find((item) => item.sk === orderKey(orderId).sk);
  if (!orderItem) return undefined;
  const returns = items
    .filter((item) => String(item.sk).startsWith(RETURN_SK_PREFIX))
    .map(toReturn)
    .sort((a, b) => a.creditNoteNumber - b.creditNoteNumber);
  return { order: toOrder(orderItem), returns };
}

/** The UTC days (as ISO times) a range [from, to) touches. */
function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = Date.parse(from.slice(0, 10)); day < Date.parse(to); day += 86_400_000) {
    days.push(new Date(day).toISOString());
  }
  return days;
}

/** Reads each day's partition, PARALLEL_DAYS at a time. */
async function byDay<T>(days: string[], read: (day: string) => Promise<T[]>): Promise<T[]> {
  const all: T[] = [];
  for (let i = 0; i < days.length; i += PARALLEL_DAYS) {
    const batch = await Promise.all(days.slice(i, i + PARALLEL_DAYS).map(read));
    for (const found of batch) all.push(...found);
  }
  return all;
}

/**
 * The orders of one day partition created in [from, to) that sold something: all but those cancelled
 * before anything was returned (a cancellation after returns leaves the returned units sold, then returned).
 */
const ordersOfDay = async (
  db: DynamoDBDocumentClient,
  table: string,
  day: string,
  from: string,
  to: string,
) =>
  // `createdAt#orderId` sorts after `to` when createdAt equals `to`, so BETWEEN is [from, to).
  (
    await queryAll(db, {
      TableName: table,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :day AND gsi2sk BETWEEN :from AND :to',
      FilterExpression: '#status <> :cancelled OR returnedAmount > :zero',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':day': dayIndex(day),
        ':from': from,
        ':to': to,
        ':cancelled': 'CANCELLED',
        ':zero': 0,
      },
    })
  ).map(toOrder);

/** Orders created in [from, to), read day partition by day partition of gsi2. */
export const createdBetween = (db: DynamoDBDocumentClient, table: string, from: string, to: string) =>
  byDay(daysOf(from, to), (day) => ordersOfDay(db, table, day, from, to));

/** Returns created in [from, to), whatever day their orders were placed, from their own days of gsi2. */
export const returnsBetween = (db: DynamoDBDocumentClient, table: string, from: string, to: string) =>
  byDay(daysOf(from, to), async (day) =>
    (
      await queryAll(db, {
        TableName: table,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :day AND gsi2sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':day': returnsDayIndex(day), ':from': from, ':to': to },
      })
    ).map(toReturn),
  );
