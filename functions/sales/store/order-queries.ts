import type { DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { queryPage } from '#lib/dynamodb/paginate.ts';
import type { Page } from '#lib/pagination.ts';
import type { Order } from '../domain/order.ts';
import { customerIndex, dayIndex } from './keys.ts';
import { toOrder } from './order-items.ts';

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
async function queryAll(db: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Order[]> {
  const orders: Order[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryPage(db, input, WHOLE_PAGES, cursor);
    orders.push(...page.items.map(toOrder));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return orders;
}

/** The CONFIRMED orders of one day partition created in [from, to). */
const ordersOfDay = (db: DynamoDBDocumentClient, table: string, day: string, from: string, to: string) =>
  // `createdAt#orderId` sorts after `to` when createdAt equals `to`, so BETWEEN is [from, to).
  queryAll(db, {
    TableName: table,
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :day AND gsi2sk BETWEEN :from AND :to',
    FilterExpression: '#status = :confirmed',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':day': dayIndex(day), ':from': from, ':to': to, ':confirmed': 'CONFIRMED' },
  });

/** Orders created in [from, to), read day partition by day partition of gsi2. */
export async function createdBetween(
  db: DynamoDBDocumentClient,
  table: string,
  from: string,
  to: string,
): Promise<Order[]> {
  const days: string[] = [];
  for (let day = Date.parse(from.slice(0, 10)); day < Date.parse(to); day += 86_400_000) {
    days.push(new Date(day).toISOString());
  }
  const orders: Order[] = [];
  for (let i = 0; i < days.length; i += PARALLEL_DAYS) {
    const batch = await Promise.all(
      days.slice(i, i + PARALLEL_DAYS).map((day) => ordersOfDay(db, table, day, from, to)),
    );
    for (const dayOrders of batch) orders.push(...dayOrders);
  }
  return orders;
}
