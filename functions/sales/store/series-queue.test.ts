import fc from 'fast-check';
import {
  afterConflict,
  aheadOf,
  CLOCK_SKEW_MS,
  type Counter,
  counterOf,
  decide,
  FIRST_PACE_MS,
  joinQueue,
  lose,
  MAX_WAIT_MS,
  nextMove,
  observe,
  PACE_BOUNDS_MS,
  POLL_MS,
  RECORD_BUDGET_MS,
  STALL_MS,
  type Turn,
  ticketOf,
} from './series-queue.ts';

const T0 = 1_000_000;
const counter = (last: number, served = last): Counter => ({ last, served });
const holder = (ticket: number, seen: Counter, { first = false, now = T0 } = {}): Turn =>
  joinQueue({ number: ticket, first }, seen, now);

describe('number series queue: tickets and the counter', () => {
  it('reads an absent counter as one that has issued nothing', () => {
    expect(counterOf(undefined)).toEqual({ last: 0, served: 0 });
    expect(counterOf({ last: 7, ticket: 9 })).toEqual({ last: 7, served: 9 });
  });

  it('numbers tickets one after the one issued before', () => {
    expect(ticketOf(undefined, T0).number).toBe(1);
    expect(ticketOf({ issued: 41, issuedAt: T0 - 5 }, T0).number).toBe(42);
  });

  it('puts nobody ahead once the ticket before is older than any recorder keeps trying', () => {
    const longest = RECORD_BUDGET_MS + CLOCK_SKEW_MS;
    expect(ticketOf(undefined, T0).first).toBe(true);
    expect(ticketOf({ issued: 3, issuedAt: T0 - longest - 1 }, T0).first).toBe(true);
    expect(ticketOf({ issued: 3, issuedAt: T0 - longest }, T0).first).toBe(false);
    expect(ticketOf({ issued: 3, issuedAt: T0 - 10 }, T0).first).toBe(false);
  });
});

describe('number series queue: decisions', () => {
  it('attempts at once, with the counter as seen, when its ticket is next', () => {
    const seen = counter(10, 4);
    expect(decide(holder(5, seen), seen, T0, 0.9)).toEqual({ attempt: true, last: 10, waitMs: 0 });
  });

  it('attempts at once when first, however far behind the counter notes its tickets', () => {
    const seen = counter(10, 1);
    expect(decide(holder(50, seen, { first: true }), seen, T0, 0.9)).toEqual({
      attempt: true,
      last: 10,
      waitMs: 0,
    });
  });

  it('polls every few milliseconds while it is next but one', () => {
    const seen = counter(10, 4);
    expect(decide(holder(6, seen), seen, T0, 0.5)).toEqual({ attempt: false, waitMs: POLL_MS });
  });

  it('sleeps half the time the holders ahead should take, at the first pace, further back', () => {
    const seen = counter(10, 4);
    // 9 ahead: 8 before the one next in line, at 10 ms a commit, woken at half of it.
    expect(decide(holder(14, seen), seen, T0, 0.5)).toEqual({
      attempt: false,
      waitMs: 8 * FIRST_PACE_MS * 0.5,
    });
  });

  it('never sleeps longer than MAX_WAIT_MS at once', () => {
    const seen = counter(10, 0);
    expect(decide(holder(10_000, seen), seen, T0, 0.5)).toEqual({ attempt: false, waitMs: MAX_WAIT_MS });
  });

  it('goes anyway when the holders ahead have not moved the counter for too long', () => {
    const seen = counter(10, 4);
    const turn = holder(6, seen);
    expect(decide(turn, seen, T0 + STALL_MS, 0).attempt).toBe(false);
    expect(decide(turn, seen, T0 + STALL_MS + 1, 0)).toEqual({ attempt: true, last: 10, waitMs: 0 });
    // Two ahead: twice the time.
    const further = holder(7, seen);
    expect(decide(further, seen, T0 + 2 * STALL_MS, 0).attempt).toBe(false);
    expect(decide(further, seen, T0 + 2 * STALL_MS + 1, 0).attempt).toBe(true);
  });

  it('spreads its retries over a few milliseconds once it has lost an attempt at its turn', () => {
    const seen = counter(10, 4);
    const turn = lose(holder(5, seen));
    expect(decide(turn, seen, T0, 0)).toEqual({ attempt: true, last: 10, waitMs: 0 });
    expect(decide(turn, seen, T0, 0.5)).toEqual({ attempt: true, last: 10, waitMs: POLL_MS });
  });

  it('tries the same number again shortly after a TransactionConflict', () => {
    expect(afterConflict(12, 0.5)).toEqual({ attempt: true, last: 12, waitMs: POLL_MS });
  });
});

describe('number series queue: the pace it sees', () => {
  it('keeps the first pace until it has seen two commits, then measures from the first move', () => {
    const start = holder(20, counter(10, 5));
    const once = observe(start, counter(11, 6), T0 + 100);
    expect(once.pace).toBe(FIRST_PACE_MS);
    expect(once.moved).toEqual({ at: T0 + 100, last: 11 });
    const thrice = observe(observe(once, counter(12, 7), T0 + 130), counter(14, 9), T0 + 180);
    // 3 commits in the 80 ms since the first move it saw.
    expect(thrice.pace).toBeCloseTo(80 / 3);
  });

  it('changes nothing when the counter has not moved', () => {
    const turn = holder(20, counter(10, 5));
    expect(observe(turn, counter(10, 5), T0 + 500)).toBe(turn);
  });

  it('keeps the pace within its bounds', () => {
    const turn = holder(20, counter(10, 5));
    const fast = observe(observe(observe(turn, counter(11), T0), counter(12), T0), counter(13), T0);
    expect(fast.pace).toBe(PACE_BOUNDS_MS.min);
    const slow = observe(observe(turn, counter(11), T0), counter(13), T0 + 60_000);
    expect(slow.pace).toBe(PACE_BOUNDS_MS.max);
  });

  it('a move of the counter resets the stall clock', () => {
    const seen = counter(10, 4);
    const { turn, move } = nextMove(holder(7, seen), counter(11, 5), T0 + STALL_MS + 10, 0);
    expect(move).toEqual({ attempt: false, waitMs: POLL_MS });
    expect(turn.moved.at).toBe(T0 + STALL_MS + 10);
  });
});

describe('number series queue: properties', () => {
  const counters = fc
    .record({ last: fc.nat(10_000), served: fc.nat(10_000) })
    .map(({ last, served }) => counter(last, served));
  interface ScenarioValue {
    ticket: number;
    first: boolean;
    lost: boolean;
    start: Counter;
    seen: Counter;
    elapsed: number;
    jitter: number;
  }
  const scenario: fc.Arbitrary<ScenarioValue> = fc.record({
    ticket: fc.integer({ min: 1, max: 20_000 }),
    first: fc.boolean(),
    lost: fc.boolean(),
    start: counters,
    seen: counters,
    elapsed: fc.nat(5_000),
    jitter: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  });
  const turnOf = (s: ScenarioValue) => {
    const turn = holder(s.ticket, s.start, { first: s.first });
    return s.lost ? lose(turn) : turn;
  };

  it('every wait lies between 0 and MAX_WAIT_MS, and every attempt carries the counter as seen', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { move } = nextMove(turnOf(s), s.seen, T0 + s.elapsed, s.jitter);
        expect(move.waitMs).toBeGreaterThanOrEqual(0);
        expect(move.waitMs).toBeLessThanOrEqual(MAX_WAIT_MS);
        if (move.attempt) expect(move.last).toBe(s.seen.last);
      }),
    );
  });

  it('attempts only at its turn, when first, or when those ahead have stalled', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { turn, move } = nextMove(turnOf(s), s.seen, T0 + s.elapsed, s.jitter);
        const mayGo = s.first || aheadOf(turn, s.seen) <= 0 || T0 + s.elapsed - turn.moved.at > STALL_MS;
        if (move.attempt) expect(mayGo).toBe(true);
        if (s.first || s.ticket <= s.seen.served + 1) expect(move.attempt).toBe(true);
      }),
    );
  });

  it('waits no shorter for a place further back, at the same moment and the first pace', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 1_000 }), (s, further) => {
        const now = T0 + s.elapsed;
        const near = nextMove(holder(s.ticket, s.start), s.seen, now, s.jitter);
        const far = nextMove(holder(s.ticket + further, s.start), s.seen, now, s.jitter);
        if (!near.move.attempt && !far.move.attempt) {
          expect(far.move.waitMs).toBeGreaterThanOrEqual(near.move.waitMs);
        }
      }),
    );
  });

  it('keeps the pace within its bounds whatever it sees', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ step: fc.nat(50), gap: fc.nat(1_000) }), { maxLength: 30 }),
        (sightings) => {
          let turn = holder(1_000, counter(0));
          let now = T0;
          let last = 0;
          for (const { step, gap } of sightings) {
            now += gap;
            last += step;
            turn = observe(turn, counter(last), now);
            expect(turn.pace).toBeGreaterThanOrEqual(PACE_BOUNDS_MS.min);
            expect(turn.pace).toBeLessThanOrEqual(PACE_BOUNDS_MS.max);
          }
        },
      ),
    );
  });

  it('serves a queue in ticket order: with commits as fast as they come, no attempt is wasted', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 20 }), (holders, commitMs) => {
        // Discrete time: each holder acts when its wait is over; an attempt commits after commitMs
        // if the counter still holds its `last`, else it is wasted.
        const state = { last: 0, served: 0 };
        let now = T0;
        let wasted = 0;
        const queue = Array.from({ length: holders }, (_, i) => {
          const first = nextMove(holder(i + 1, counter(0), { now }), counter(0), now, 0);
          return { ...first, at: now, done: false };
        });
        for (let round = 0; round < 100_000 && queue.some((h) => !h.done); round++) {
          const next = queue
            .filter((h) => !h.done)
            .reduce((a, b) => (a.at + a.move.waitMs <= b.at + b.move.waitMs ? a : b));
          now = Math.max(now, next.at + next.move.waitMs);
          const seen = counter(state.last, state.served);
          if (next.move.attempt) {
            if (next.move.last === state.last) {
              now += commitMs;
              state.last += 1;
              state.served = Math.max(next.turn.ticket, state.served);
              next.done = true;
              continue;
            }
            wasted++;
            next.turn = lose(next.turn);
          }
          Object.assign(next, nextMove(next.turn, seen, now, 0), { at: now });
        }
        expect(queue.every((h) => h.done)).toBe(true);
        expect(state.last).toBe(holders);
        expect(wasted).toBe(0);
      }),
    );
  });
});
