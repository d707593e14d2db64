import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Counter, counterOf, type Ticket, ticketOf } from './invoice-queue.ts';
import { invoiceCounterKey, invoiceTicketKey } from './keys.ts';
import type { TransactItem } from './order-items.ts';

/** The DynamoDB side of the invoice counter and its queue; the decisions are in `invoice-queue.ts`. */

export async function readCounter(db: DynamoDBDocumentClient, table: string): Promise<Counter> {
  const { Item } = await db.send(
    new GetCommand({ TableName: table, Key: invoiceCounterKey, ConsistentRead: true }),
  );
  return counterOf(Item);
}

/**
 * A place in the queue, from an item of its own: an update of the counter item itself would
 * collide with the transaction in flight on it (TransactionConflict on DynamoDB). None if the
 * ticket item cannot be reached: the queue is only a hint.
 */
export async function takeTicket(db: DynamoDBDocumentClient, table: string): Promise<Ticket | undefined> {
  const now = Date.now();
  try {
    const { Attributes: before } = await db.send(
      new UpdateCommand({
        TableName: table,
        Key: invoiceTicketKey,
        UpdateExpression: 'ADD issued :one SET issuedAt = :now',
        ExpressionAttributeValues: { ':one': 1, ':now': now },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return ticketOf(before, now);
  } catch {
    return undefined;
  }
}

/**
 * Moves the counter from `last` to `last + 1` and notes the ticket served. `served` is never behind
 * the counter's: the condition holds only if the counter is still as seen with `last`. A failed
 * condition hands the counter back (`ALL_OLD`), so the loser needs no read to learn it.
 */
export function counterStep(table: string, last: number, served: number): TransactItem {
  if (last === 0) {
    return {
      Put: {
        TableName: table,
        Item: { ...invoiceCounterKey, last: 1, ticket: served },
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
  }
  return {
    Update: {
      TableName: table,
      Key: invoiceCounterKey,
      UpdateExpression: 'SET #last = :next, #ticket = :served',
      ConditionExpression: '#last = :last',
      ExpressionAttributeNames: { '#last': 'last', '#ticket': 'ticket' },
      ExpressionAttributeValues: { ':last': last, ':next': last + 1, ':served': served },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}
