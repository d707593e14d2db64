import type { Context } from 'aws-lambda';
import {
  deadlineFromContext,
  outOfTime,
  remainingMs,
  requireTime,
  SAFETY_MARGIN_MS,
  timeoutFor,
  withDeadline,
  within,
} from './deadline.ts';
import type { AppError } from './errors.ts';
import { instrumented } from './instrumented.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the request deadline', () => {
  it('outside an invocation there is none: a call keeps its own cap', () => {
    expect(remainingMs()).toBe(Number.POSITIVE_INFINITY);
    expect(timeoutFor(800)).toBe(800);
  });

  it("is the Lambda's remaining time less the safety margin", () => {
    const before = Date.now();
    const at = deadlineFromContext({ getRemainingTimeInMillis: () => 20_000 });
    expect(at - before).toBeGreaterThanOrEqual(20_000 - SAFETY_MARGIN_MS);
    expect(at - Date.now()).toBeLessThanOrEqual(20_000 - SAFETY_MARGIN_MS);
    expect(deadlineFromContext(undefined)).toBe(Number.POSITIVE_INFINITY);
    expect(deadlineFromContext({})).toBe(Number.POSITIVE_INFINITY);
  });

  it('cuts every cap to what is left, across awaits and timers', async () => {
    await withDeadline(Date.now() + 500, async () => {
      expect(timeoutFor(2000)).toBeLessThanOrEqual(500);
      expect(timeoutFor(100)).toBe(100);
      await sleep(200);
      expect(remainingMs()).toBeLessThanOrEqual(300);
      expect(timeoutFor(2000)).toBeLessThanOrEqual(300);
    });
    expect(remainingMs()).toBe(Number.POSITIVE_INFINITY);
  });

  it('can be narrowed for a step, never widened', async () => {
    await withDeadline(Date.now() + 1000, async () => {
      await within(100, async () => expect(remainingMs()).toBeLessThanOrEqual(100));
      await within(60_000, async () => expect(remainingMs()).toBeLessThanOrEqual(1000));
      await withDeadline(Date.now() + 60_000, async () => expect(remainingMs()).toBeLessThanOrEqual(1000));
      // the step's narrowing ends with it
      expect(remainingMs()).toBeGreaterThan(500);
    });
  });

  it('never goes below zero', async () => {
    await withDeadline(Date.now() - 1000, async () => {
      expect(remainingMs()).toBe(0);
      expect(timeoutFor(800)).toBe(0);
    });
  });

  it('answers a retryable 503 when too little is left to start a step', async () => {
    await withDeadline(Date.now() + 50, async () => {
      requireTime(10, 'a short step');
      let error: AppError | undefined;
      try {
        requireTime(1000, 'a long step');
      } catch (e) {
        error = e as AppError;
      }
      expect(error).toMatchObject({ code: 'dependency_unavailable', status: 503 });
      expect(error?.headers).toEqual({ 'retry-after': '1' });
    });
    expect(outOfTime('x').message).toMatch(/ran out of time/);
  });

  it('holds every handler built on the pipeline (HTTP, SQS, streams, schedules) inside its invocation', async () => {
    const handler = instrumented(async () => remainingMs());
    const context = { getRemainingTimeInMillis: () => 5000, functionName: 'f' } as unknown as Context;
    const left = await handler({}, context);
    expect(left).toBeLessThanOrEqual(5000 - SAFETY_MARGIN_MS);
    expect(left).toBeGreaterThan(5000 - SAFETY_MARGIN_MS - 1000);
    expect(remainingMs()).toBe(Number.POSITIVE_INFINITY);
  });
});
