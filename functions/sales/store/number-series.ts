import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { counterKey, type Series, ticketKey } from './keys.ts';
import type { TransactItem } from './order-items.ts';
import { type Counter, counterOf, type Ticket, ticketOf } from './series-queue.ts';

/**
 * The DynamoDB side of a gap-free number series (invoices, credit notes): its counter and its queue's
 * tickets. The queue's decisions are in `series-queue.ts`, the write loop in `numbered-write.ts`.
 */

export async function readCounter(
  db: DynamoDBDocumentClient,
  table: string,
  series: Series,
): Promise<Counter> {
  const { Item } = await db.send(
    new GetCommand({ TableName: table, Key: counterKey(series), ConsistentRead: true }),
  );
  return counterOf(Item);
}

/**
 * A place in the queue, from an item of its own: an update of the counter item itself would
 * collide with the transaction in flight on it (TransactionConflict on DynamoDB). None if the
 * ticket item cannot be reached: the queue is only a hint.
 */
export async function takeTicket(
  db: DynamoDBDocumentClient,
  table: string,
  series: Series,
): Promise<Ticket | undefined> {
  const now = Date.now();
  try {
    const { Attributes: before } = await db.send(
      new UpdateCommand({
        TableName: table,
        Key: ticketKey(series),
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
 * Hands the turn on without taking a number: a holder whose write will not happen (it no longer fits,
 * or an earlier attempt already made it) notes its ticket as served, so the holders behind it need not
 * wait for it to time out. Only while the counter is as it last saw it and behind its ticket; best
 * effort, since the queue is only a hint.
 */
export async function passTurn(
  db: DynamoDBDocumentClient,
  table: string,
  series: Series,
  last: number,
  ticket: number,
): Promise<void> {
  if (last === 0) return;
  await db
    .send(
      new UpdateCommand({
        TableName: table,
        Key: counterKey(series),
        UpdateExpression: 'SET #ticket = :ticket',
        ConditionExpression: '#last = :last AND #ticket < :ticket',
        ExpressionAttributeNames: { '#last': 'last', '#ticket': 'ticket' },
        ExpressionAttributeValues: { ':last': last, ':ticket': ticket },
      }),
    )
    .catch(() => undefined);
}

/**
 * Moves the counter from `last` to `last + 1` and notes the ticket served. `served` is never behind
 * the counter's: the condition holds only if the counter is still as seen with `last`. A failed
 * condition hands the counter back (`ALL_OLD`), so the loser needs no read to learn it.
 */
export function counterStep(table: string, series: Series, last: number, served: number): TransactItem {
  if (last === 0) {
    return {
      Put: {
        TableName: table,
        Item: { ...counterKey(series), last: 1, ticket: served },
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
  }
  return {
    Update: {
      TableName: table,
      Key: counterKey(series),
      UpdateExpression: 'SET #last = :next, #ticket = :served',
      ConditionExpression: '#last = :last',
      ExpressionAttributeNames: { '#last': 'last', '#ticket': 'ticket' },
      ExpressionAttributeValues: { ':last': last, ':next': last + 1, ':served': served },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}
