/**
 * The queue in front of a number series' counter (invoices, credit notes), as pure decisions: no I/O,
 * no clock, no randomness of its own (the caller passes `now` and a `jitter` drawn from [0, 1)), so
 * every decision is testable without DynamoDB. `numbered-write.ts` does the reads and the
 * transactions, `number-series.ts` the counter's items.
 *
 * Why a queue: retrying at once after losing the race for the counter makes every win cost an attempt
 * by each of the others (quadratic under a burst, and the failed transactions slow the winning one
 * down). With a ticket, a recorder knows how many are ahead of it (the counter notes the ticket of the
 * order that took each number): it sleeps while many are, reads the counter (a cheap read, no
 * transaction) while it is next but one, and sends its transaction only once the counter says it is
 * its turn. The ticket is only a hint: the transaction's condition is still `last = :last`, so a holder
 * that dies, or a recorder without a ticket, costs the others a wait of STALL_MS or one more attempt,
 * never a number.
 */

/** How long recording may take before Sales answers 503: well inside the place-order Lambda's 20 s. */
export const RECORD_BUDGET_MS = 8_000;
/** Time between two commits on the counter, until a holder has seen the queue move. */
export const FIRST_PACE_MS = 10;
/** How often the holder next in line reads the counter. */
export const POLL_MS = 3;
/** Holders further back sleep this fraction of the time the holders ahead should take, then look again. */
export const WAKE_EARLY = 0.5;
/** No commit for this long (or five commits' time) per holder ahead: they are gone or stuck, so go anyway. */
export const STALL_MS = 150;
/** How far the clocks of two function instances may disagree. */
export const CLOCK_SKEW_MS = 1_000;
/** The longest single wait: a holder looks at the counter at least this often. */
export const MAX_WAIT_MS = 1_000;
/** The pace a holder assumes is kept within these bounds (ms per commit). */
export const PACE_BOUNDS_MS = { min: 1, max: 200 } as const;

/** A counter at one moment: the last number taken, and the ticket of the write that took it. */
export interface Counter {
  last: number;
  served: number;
}

/** The counter item as stored (`last`, `ticket`); an absent item is a counter that has issued nothing. */
export const counterOf = (item: Record<string, unknown> | undefined): Counter => ({
  last: Number(item?.last ?? 0),
  served: Number(item?.ticket ?? 0),
});

/**
 * A place in the queue. `first`: the ticket before it was issued longer ago than any recorder keeps
 * trying, so nobody is ahead (the ticket left by a replayed Idempotency-Key, a failed order or a crash
 * must not make the next order wait).
 */
export interface Ticket {
  number: number;
  first: boolean;
}

/** The ticket taken at `now`, from the tickets item as it was just before (`issued`, `issuedAt`). */
export function ticketOf(before: Record<string, unknown> | undefined, now: number): Ticket {
  const previousAt = Number(before?.issuedAt ?? 0);
  return {
    number: Number(before?.issued ?? 0) + 1,
    first: now - previousAt > RECORD_BUDGET_MS + CLOCK_SKEW_MS,
  };
}

/** What a recorder does next: try the transaction with `last`, or read the counter again; after waiting. */
export type Move = { attempt: true; last: number; waitMs: number } | { attempt: false; waitMs: number };

/** A point on the counter's history as one holder saw it. */
interface Sighting {
  at: number;
  last: number;
}

/** One holder's view of the queue; a value, replaced by each decision. */
export interface Turn {
  readonly ticket: number;
  /** Every ticket before this one is settled: served, or its holder gave up or died. */
  readonly first: boolean;
  /** When this holder last saw the counter move. */
  readonly moved: Sighting;
  /** The first move it saw: the pace is measured from there. */
  readonly since: Sighting | undefined;
  /** Milliseconds per commit, as seen. */
  readonly pace: number;
  /** An attempt at its turn failed: someone without a ticket (or late) got in. */
  readonly lost: boolean;
}

export function joinQueue(ticket: Ticket, seen: Counter, now: number): Turn {
  return {
    ticket: ticket.number,
    first: ticket.first,
    moved: { at: now, last: seen.last },
    since: undefined,
    pace: FIRST_PACE_MS,
    lost: false,
  };
}

/** The turn after seeing the counter at `now`: a move of the counter updates the pace. */
export function observe(turn: Turn, seen: Counter, now: number): Turn {
  if (seen.last === turn.moved.last) return turn;
  const moved = { at: now, last: seen.last };
  const since = turn.since ?? moved;
  const commits = seen.last - since.last;
  const pace =
    commits >= 2
      ? Math.min(PACE_BOUNDS_MS.max, Math.max(PACE_BOUNDS_MS.min, (now - since.at) / commits))
      : turn.pace;
  return { ...turn, moved, since, pace };
}

/** How many holders are ahead of this one, by the ticket the counter last served. */
export const aheadOf = (turn: Turn, seen: Counter): number =>
  turn.first ? 0 : turn.ticket - seen.served - 1;

/** The holders ahead have not moved the counter for longer than they should take: go anyway. */
export const stalled = (turn: Turn, seen: Counter, now: number): boolean =>
  now - turn.moved.at > Math.max(STALL_MS, 5 * turn.pace) * Math.max(1, aheadOf(turn, seen));

/** Spread retries at the same moment over a few milliseconds (jitter in [0, 1)). */
const spread = (jitter: number) => jitter * POLL_MS * 2;

/** The move of a holder that has just seen `seen` at `now` (call it with an observed turn). */
export function decide(turn: Turn, seen: Counter, now: number, jitter: number): Move {
  const ahead = aheadOf(turn, seen);
  if (ahead <= 0 || stalled(turn, seen, now)) {
    // A lost attempt at our turn means someone without a ticket (or late) got in: spread the retries.
    return { attempt: true, last: seen.last, waitMs: turn.lost ? spread(jitter) : 0 };
  }
  // Wake early (half the expected time): a read too many is cheap, an idle counter is not.
  const waitMs = ahead === 1 ? POLL_MS : Math.min(MAX_WAIT_MS, (ahead - 1) * turn.pace * WAKE_EARLY);
  return { attempt: false, waitMs };
}

/** Observe, then decide: the turn to keep and the move to make. */
export function nextMove(turn: Turn, seen: Counter, now: number, jitter: number): { turn: Turn; move: Move } {
  const observed = observe(turn, seen, now);
  return { turn: observed, move: decide(observed, seen, now, jitter) };
}

/** The transaction at this holder's turn failed on the counter's condition. */
export const lose = (turn: Turn): Turn => (turn.lost ? turn : { ...turn, lost: true });

/**
 * The transaction lost to TransactionConflict: another order is committing on the counter right now,
 * so the same guess goes again shortly.
 */
export const afterConflict = (last: number, jitter: number): Move => ({
  attempt: true,
  last,
  waitMs: spread(jitter),
});
