import type { DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { remainingMs } from '#lib/deadline.ts';
import { encodeCursor, queryPage } from '#lib/dynamodb/paginate.ts';
import { invalidCursor, type Page } from '#lib/pagination.ts';
import type { Order } from '../domain/order.ts';
import { utcDay } from '../domain/report.ts';
import type { ReturnRecord } from '../domain/returns.ts';
import type { CreatedBetweenQuery } from '../ports.ts';
import { customerIndex, dayIndex, orderKey, RETURN_SK_PREFIX, returnsDayIndex } from './keys.ts';
import { toOrder, toReturn } from './order-items.ts';

/** Day partitions of gsi2 read at once by a report. */
const PARALLEL_DAYS = 16;
/**
 * The page size of a read that wants every item: more than a 1 MB page of orders holds, so DynamoDB's
 * own page size decides the round trips.
 */
const WHOLE_PAGES = 10_000;
/**
 * Items read per round trip of a list filtered by status: the filter drops what does not match after
 * DynamoDB read it, so reading `limit` at a time would take a round trip per few matches.
 */
const FILTERED_READ = 200;
/** Left of the request deadline when a list stops reading and answers what it has, with its cursor. */
const STOP_READING_MS = 1_500;

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

/** Where a list of the orders of a range goes on: a day partition, and where in it (absent: its start). */
interface DayCursor {
  day: string;
  after?: string;
}

const encodeDayCursor = (cursor: DayCursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

/** A cursor of this list and range only: its day is one of the range's, its position a string. */
function decodeDayCursor(cursor: string, days: readonly string[]): DayCursor {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof decoded === 'object' && decoded !== null && !Array.isArray(decoded)) {
      const { day, after, ...rest } = decoded as Record<string, unknown>;
      const fits = typeof day === 'string' && days.includes(day) && Object.keys(rest).length === 0;
      if (fits && after === undefined) return { day };
      if (fits && typeof after === 'string') return { day, after };
    }
  } catch {
    // fall through to the 400 below
  }
  throw invalidCursor();
}

/** An order item's key on gsi2: what DynamoDB's LastEvaluatedKey would be, had it stopped there. */
const gsi2KeyOf = (item: Record<string, unknown>) => ({
  pk: item.pk,
  sk: item.sk,
  gsi2pk: item.gsi2pk,
  gsi2sk: item.gsi2sk,
});

/**
 * Every order created in [from, to), newest first: the day partitions of gsi2 from the newest day
 * back, each newest first. The cursor is the day it stopped in and DynamoDB's LastEvaluatedKey there
 * (or the next day's start). With a status the filter runs after DynamoDB read the items, so one
 * read may hold fewer than `limit` matches, or none: this keeps reading, across days, until the page
 * has `limit` orders or the range is done, in this one request (or the request's deadline is near:
 * then a short page, its cursor going on from there). It reads more than the page takes
 * (FILTERED_READ with a status) and goes on from the last order it kept; a page that ends with a
 * day may still be followed by an empty one when the days before it had no orders.
 */
export async function listCreatedBetween(
  db: DynamoDBDocumentClient,
  table: string,
  { from, to, status, limit, cursor }: CreatedBetweenQuery,
): Promise<Page<Order>> {
  const days = daysOf(from, to).map(utcDay).reverse();
  const start: DayCursor = cursor === undefined ? { day: days[0] ?? '' } : decodeDayCursor(cursor, days);
  const items: Record<string, unknown>[] = [];
  const page = (nextCursor: DayCursor | undefined) => ({
    items: items.map(toOrder),
    nextCursor: nextCursor ? encodeDayCursor(nextCursor) : null,
  });
  for (let i = days.indexOf(start.day); i >= 0 && i < days.length; i++) {
    const day = days[i] as string;
    let after = day === start.day ? start.after : undefined;
    do {
      const wanted = limit - items.length;
      const read = await queryPage(
        db,
        {
          TableName: table,
          IndexName: 'gsi2',
          // `createdAt#orderId` sorts after `to` when createdAt equals `to`, so BETWEEN is [from, to).
          KeyConditionExpression: 'gsi2pk = :day AND gsi2sk BETWEEN :from AND :to',
          ...(status
            ? { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } }
            : {}),
          ExpressionAttributeValues: {
            ':day': dayIndex(day),
            ':from': from,
            ':to': to,
            ...(status ? { ':status': status } : {}),
          },
          ScanIndexForward: false,
        },
        // One more than the page takes: a day that ends the page then has no empty page after it.
        status ? Math.max(wanted + 1, FILTERED_READ) : wanted + 1,
        after,
      );
      const kept = read.items.slice(0, wanted);
      items.push(...kept);
      const last = kept.at(-1);
      after =
        last && kept.length < read.items.length
          ? (encodeCursor(gsi2KeyOf(last)) ?? undefined)
          : (read.nextCursor ?? undefined);
      // Near the request's deadline a short page with its cursor beats a time-out (a rare status over
      // a busy month): the client's next request goes on from here.
      if (items.length === limit || remainingMs() < STOP_READING_MS) {
        const next = days[i + 1];
        return page(after !== undefined ? { day, after } : next !== undefined ? { day: next } : undefined);
      }
    } while (after !== undefined);
  }
  return page(undefined);
}
