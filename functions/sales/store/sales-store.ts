import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { AppError } from '#lib/errors.ts';
import { envelope } from '#lib/events/envelope.ts';
import { outboxPut } from '#lib/events/outbox/outbox.ts';
import { decodeCursor, encodeCursor, invalidCursor } from '#lib/pagination.ts';
import {
  type Order,
  orderCancelledData,
  orderConfirmedData,
  type Refund,
  type UnnumberedOrder,
} from '../domain/order.ts';
import type { OrderStore } from '../ports.ts';
import {
  customerIndex,
  dayIndex,
  invoiceCounterKey,
  invoiceTicketKey,
  orderKey,
  orderKeyGuard,
} from './keys.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** How long recording may take before Sales answers 503: well inside the place-order Lambda's 20 s. */
const RECORD_BUDGET_MS = 8_000;
/** Time between two commits on the counter, until a holder has seen the queue move. */
const FIRST_PACE_MS = 10;
/** How often the holder next in line reads the counter. */
const POLL_MS = 3;
/** Holders further back sleep this fraction of the time the holders ahead should take, then look again. */
const WAKE_EARLY = 0.5;
/** No commit for this long (or five commits' time) per holder ahead: they are gone or stuck, so go anyway. */
const STALL_MS = 150;
/** How far the clocks of two function instances may disagree. */
const CLOCK_SKEW_MS = 1_000;
/** The longest single wait: a holder looks at the counter at least this often. */
const MAX_WAIT_MS = 1_000;
/** As long as Powertools replays an answer. */
const KEY_GUARD_SECONDS = 86_400;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
/** Back-off of a recorder that holds no ticket (the ticket item could not be reached). */
const backoff = (attempt: number) => Math.random() * Math.min(40, 2 * 2 ** Math.min(attempt, 5));

/** Which element of a cancelled transaction failed, and why (`ConditionalCheckFailed`, `TransactionConflict`). */
const reasonsOf = (error: TransactionCanceledException) => error.CancellationReasons ?? [];

/** The invoice counter is the one serial point of the order path; the caller undoes the attempt. */
const tooBusy = (cause: unknown) =>
  new AppError('dependency_unavailable', 'Too many orders are being recorded at once; try again.', {
    headers: { 'retry-after': '1' },
    cause,
  });

/** The invoice counter at one moment: the last number taken, and the ticket of the order that took it. */
interface Counter {
  last: number;
  served: number;
}

const counterOf = (item: Record<string, unknown> | undefined): Counter => ({
  last: Number(item?.last ?? 0),
  served: Number(item?.ticket ?? 0),
});

/**
 * A place in the queue. `first`: the ticket before it was issued longer ago than any recorder keeps
 * trying, so nobody is ahead (the ticket left by a replayed Idempotency-Key, a failed order or a crash
 * must not make the next order wait).
 */
interface Ticket {
  number: number;
  first: boolean;
}

/** What a recorder does next: try the transaction with `last`, or read the counter again; after waiting. */
type Move = { attempt: true; last: number; waitMs: number } | { attempt: false; waitMs: number };

/**
 * A recorder's place in the queue for the invoice counter. Retrying at once after losing the race
 * makes every win cost an attempt by each of the others (quadratic under a burst, and the failed
 * transactions slow the winning one down). With a ticket, a recorder knows how many are ahead of it
 * (the counter notes the ticket of the order that took each number): it sleeps while many are, reads
 * the counter (a cheap read, no transaction) while it is next but one, and sends its transaction only
 * once the counter says it is its turn. The ticket is only a hint: the condition is still
 * `last = :last`, so a holder that dies, or a recorder without a ticket, costs the others a wait of
 * STALL_MS or one more attempt, never a number.
 */
class Turn {
  readonly ticket: number;
  /** When this holder last saw the counter move. */
  #moved: { at: number; last: number };
  /** The first move it saw: the pace is measured from there. */
  #since: { at: number; last: number } | undefined;
  #pace = FIRST_PACE_MS;
  #lost = false;

  /** Every ticket before this one is settled: served, or its holder gave up or died. */
  readonly #first: boolean;

  constructor(ticket: Ticket, seen: Counter, now: number) {
    this.ticket = ticket.number;
    this.#first = ticket.first;
    this.#moved = { at: now, last: seen.last };
  }

  next(seen: Counter, now: number): Move {
    if (seen.last !== this.#moved.last) {
      this.#moved = { at: now, last: seen.last };
      this.#since ??= this.#moved;
      const commits = seen.last - this.#since.last;
      if (commits >= 2) this.#pace = Math.min(200, Math.max(1, (now - this.#since.at) / commits));
    }
    const ahead = this.#first ? 0 : this.ticket - seen.served - 1;
    const stalled = now - this.#moved.at > Math.max(STALL_MS, 5 * this.#pace) * Math.max(1, ahead);
    if (ahead <= 0 || stalled) {
      // A lost attempt at our turn means someone without a ticket (or late) got in: spread the retries.
      const waitMs = this.#lost ? Math.random() * POLL_MS * 2 : 0;
      return { attempt: true, last: seen.last, waitMs };
    }
    // Wake early (half the expected time): a read too many is cheap, an idle counter is not.
    const waitMs = ahead === 1 ? POLL_MS : Math.min(MAX_WAIT_MS, (ahead - 1) * this.#pace * WAKE_EARLY);
    return { attempt: false, waitMs };
  }

  lost(): void {
    this.#lost = true;
  }
}

function toOrder(item: Record<string, unknown>): Order {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g1s, gsi2pk: _g2, gsi2sk: _g2s, ...order } = item;
  return order as unknown as Order;
}

export class SalesStore implements OrderStore {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(db: DynamoDBDocumentClient, tableName: string) {
    this.#db = db;
    this.#table = tableName;
  }

  async #readCounter(): Promise<Counter> {
    const { Item } = await this.#db.send(
      new GetCommand({ TableName: this.#table, Key: invoiceCounterKey, ConsistentRead: true }),
    );
    return counterOf(Item);
  }

  /**
   * A place in the queue, from an item of its own: an update of the counter item itself would
   * collide with the transaction in flight on it (TransactionConflict on DynamoDB). None if the
   * ticket item cannot be reached: the queue is only a hint.
   */
  async #takeTicket(): Promise<Ticket | undefined> {
    const now = Date.now();
    try {
      const { Attributes: before } = await this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: invoiceTicketKey,
          UpdateExpression: 'ADD issued :one SET issuedAt = :now',
          ExpressionAttributeValues: { ':one': 1, ':now': now },
          ReturnValues: 'ALL_OLD',
        }),
      );
      const previousAt = Number(before?.issuedAt ?? 0);
      return {
        number: Number(before?.issued ?? 0) + 1,
        first: now - previousAt > RECORD_BUDGET_MS + CLOCK_SKEW_MS,
      };
    } catch {
      return undefined;
    }
  }

  /**
   * The invoice number is taken inside the transaction that records the order: the counter moves
   * from `last` to `last + 1` only if it still holds `last`, so numbers are gap-free and a failed
   * order never consumes one. Recorders racing for it queue by ticket (see `Turn`); a lost attempt
   * learns the counter from the failed condition.
   */
  async recordConfirmed(
    order: UnnumberedOrder,
    correlationId: string,
    idempotencyKey?: string,
  ): Promise<Order> {
    const deadline = Date.now() + RECORD_BUDGET_MS;
    const guard = idempotencyKey === undefined ? [] : [this.#keyGuard(idempotencyKey, order)];
    const [ticket, first] = await Promise.all([this.#takeTicket(), this.#readCounter()]);
    let seen = first;
    const turn = ticket && new Turn(ticket, seen, Date.now());
    let move: Move = turn?.next(seen, Date.now()) ?? { attempt: true, last: seen.last, waitMs: 0 };
    let lostTo: unknown;
    for (let attempt = 1; ; ) {
      if (Date.now() + move.waitMs >= deadline) throw tooBusy(lostTo);
      await sleep(move.waitMs);
      if (!move.attempt) {
        seen = await this.#readCounter();
        move = turn?.next(seen, Date.now()) ?? { attempt: true, last: seen.last, waitMs: 0 };
        continue;
      }
      const last = move.last;
      const numbered: Order = { ...order, invoiceNumber: last + 1 };
      try {
        await this.#db.send(
          new TransactWriteCommand({
            TransactItems: [
              this.#counterStep(last, Math.max(turn?.ticket ?? 0, seen.served)),
              this.#orderPut(numbered),
              outboxPut(
                this.#table,
                envelope('OrderConfirmed', 'sales', orderConfirmedData(numbered), correlationId),
              ),
              ...guard,
            ],
          }),
        );
        return numbered;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const [counterReason, orderReason, , guardReason] = reasonsOf(error);
        if (guardReason?.Code === 'ConditionalCheckFailed' && guardReason.Item) {
          const existing = await this.get(String(unmarshall(guardReason.Item as never).orderId));
          if (existing) return existing;
        }
        if (orderReason?.Code === 'ConditionalCheckFailed') {
          throw new Error(`order ${order.orderId} is already recorded`, { cause: error });
        }
        attempt++;
        lostTo = error;
        turn?.lost();
        if (counterReason?.Code === 'ConditionalCheckFailed') {
          seen = counterReason.Item
            ? counterOf(unmarshall(counterReason.Item as never))
            : await this.#readCounter();
          move = turn?.next(seen, Date.now()) ?? { attempt: true, last: seen.last, waitMs: backoff(attempt) };
        } else {
          // TransactionConflict: another order is committing on the counter right now; same guess, shortly.
          move = { attempt: true, last, waitMs: turn ? Math.random() * POLL_MS * 2 : backoff(attempt) };
        }
      }
    }
  }

  /**
   * Moves the counter from `last` to `last + 1` and notes the ticket served. `served` is never behind
   * the counter's: the condition holds only if the counter is still as seen with `last`.
   */
  #counterStep(last: number, served: number): TransactItem {
    if (last === 0) {
      return {
        Put: {
          TableName: this.#table,
          Item: { ...invoiceCounterKey, last: 1, ticket: served },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      };
    }
    return {
      Update: {
        TableName: this.#table,
        Key: invoiceCounterKey,
        UpdateExpression: 'SET #last = :next, #ticket = :served',
        ConditionExpression: '#last = :last',
        ExpressionAttributeNames: { '#last': 'last', '#ticket': 'ticket' },
        ExpressionAttributeValues: { ':last': last, ':next': last + 1, ':served': served },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
  }

  #orderPut(order: Order): TransactItem {
    return {
      Put: {
        TableName: this.#table,
        Item: {
          ...orderKey(order.orderId),
          gsi1pk: customerIndex(order.customerId),
          gsi1sk: `${order.createdAt}#${order.orderId}`,
          gsi2pk: dayIndex(order.createdAt),
          gsi2sk: `${order.createdAt}#${order.orderId}`,
          ...order,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  /**
   * One order per Idempotency-Key, whatever happens to Powertools' record (a crash between recording
   * the order and keeping the answer): a second attempt's transaction fails on this item.
   */
  #keyGuard(idempotencyKey: string, order: UnnumberedOrder): TransactItem {
    const now = Math.floor(Date.parse(order.createdAt) / 1000);
    return {
      Put: {
        TableName: this.#table,
        Item: { ...orderKeyGuard(idempotencyKey), orderId: order.orderId, ttl: now + KEY_GUARD_SECONDS },
        ConditionExpression: 'attribute_not_exists(pk) OR #ttl < :now',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':now': now },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
  }

  async get(orderId: string): Promise<Order | undefined> {
    const { Item } = await this.#db.send(
      new GetCommand({ TableName: this.#table, Key: orderKey(orderId), ConsistentRead: true }),
    );
    return Item ? toOrder(Item) : undefined;
  }

  async cancel(order: Order, refund: Refund, correlationId: string): Promise<Order | undefined> {
    const cancelledAt = refund.at;
    const cancelled: Order = { ...order, status: 'CANCELLED', cancelledAt, refund };
    try {
      await this.#db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.#table,
                Key: orderKey(order.orderId),
                UpdateExpression: 'SET #status = :cancelled, cancelledAt = :at, refund = :refund',
                ConditionExpression: '#status = :confirmed',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':cancelled': 'CANCELLED',
                  ':confirmed': 'CONFIRMED',
                  ':at': cancelledAt,
                  ':refund': refund,
                },
              },
            },
            outboxPut(
              this.#table,
              envelope('OrderCancelled', 'sales', orderCancelledData(order), correlationId),
            ),
          ],
        }),
      );
      return cancelled;
    } catch (error) {
      if (
        error instanceof TransactionCanceledException &&
        reasonsOf(error)[0]?.Code === 'ConditionalCheckFailed'
      ) {
        return undefined;
      }
      throw error;
    }
  }

  async listByCustomer(customerId: string, limit: number, cursor: string | undefined) {
    const start = decodeCursor(cursor);
    const wellFormed = (key: Record<string, unknown>) =>
      key.gsi1pk === customerIndex(customerId) &&
      ['gsi1sk', 'pk', 'sk'].every((k) => typeof key[k] === 'string');
    if (start && !wellFormed(start)) {
      throw invalidCursor();
    }
    const { Items = [], LastEvaluatedKey } = await this.#db.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': customerIndex(customerId) },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: start,
      }),
    );
    return { items: Items.map(toOrder), nextCursor: encodeCursor(LastEvaluatedKey) };
  }

  /** Orders created in [from, to), read day partition by day partition of gsi2. */
  async createdBetween(from: string, to: string): Promise<Order[]> {
    const days: string[] = [];
    for (let day = Date.parse(from.slice(0, 10)); day < Date.parse(to); day += 86_400_000) {
      days.push(new Date(day).toISOString());
    }
    const orders: Order[] = [];
    const PARALLEL = 16;
    for (let i = 0; i < days.length; i += PARALLEL) {
      const batch = await Promise.all(
        days.slice(i, i + PARALLEL).map((day) => this.#ordersOfDay(day, from, to)),
      );
      for (const dayOrders of batch) orders.push(...dayOrders);
    }
    return orders;
  }

  async #ordersOfDay(day: string, from: string, to: string): Promise<Order[]> {
    const orders: Order[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      // `createdAt#orderId` sorts after `to` when createdAt equals `to`, so BETWEEN is [from, to).
      const page = await this.#db.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :day AND gsi2sk BETWEEN :from AND :to',
          FilterExpression: '#status = :confirmed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':day': dayIndex(day),
            ':from': from,
            ':to': to,
            ':confirmed': 'CONFIRMED',
          },
          ExclusiveStartKey: start,
        }),
      );
      orders.push(...(page.Items ?? []).map(toOrder));
      start = page.LastEvaluatedKey;
    } while (start);
    return orders;
  }
}
