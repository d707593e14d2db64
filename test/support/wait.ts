import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

/** An id no other test run uses, so suites sharing one runtime never collide. */
export const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/**
 * Polls until `read` returns what `done` accepts (events, consumers and schedules are asynchronous).
 * The time-out only bounds a broken run; the caller's assertion on the value says what failed.
 */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 15_000,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await sleep(everyMs);
    value = await read();
  }
  return value;
}

/**
 * Polls until `probe` returns a value other than undefined, and returns it; past the deadline it
 * throws, naming `what` was awaited (for waits whose outcome is not itself asserted).
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  { timeoutMs = 20_000, everyMs = 50 }: { timeoutMs?: number; everyMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}, in vain`);
    await sleep(everyMs);
  }
}

/**
 * Waits until the clock has passed `instant` (epoch ms): for behaviour that is itself a matter of
 * time (a cached price's freshness, a reservation's expiry), said as the condition it waits for.
 */
export const clockPast = (instant: number): Promise<true> =>
  waitFor(
    `the clock to pass ${new Date(instant).toISOString()}`,
    async () => (Date.now() > instant ? true : undefined),
    { timeoutMs: Math.max(0, instant - Date.now()) + 1_000, everyMs: 10 },
  );

/** Whether `promise` settles within `ms` (it is not cancelled when it does not). */
export const settlesWithin = (promise: Promise<unknown>, ms: number): Promise<boolean> =>
  Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    sleep(ms, false, { ref: false }),
  ]);
