/**
 * The in-memory fakes every service's use-case tests share: a clock the test moves, metrics that
 * count, ids in sequence. Each service's `use-cases/fakes.ts` re-exports them beside its own ports'.
 */
import type { Clock } from '#lib/clock.ts';

export class FakeClock implements Clock {
  time: number;
  constructor(iso = '2025-03-01T12:00:00.000Z') {
    this.time = Date.parse(iso);
  }
  now = () => new Date(this.time);
  advance(ms: number) {
    this.time += ms;
  }
  at(iso: string) {
    this.time = Date.parse(iso);
  }
}

/** Counts what a use case counted, by metric name; `of` reads one back. */
export class CountingMetrics<Name extends string = string> {
  counts = new Map<Name, number>();
  count(name: Name, value = 1) {
    this.counts.set(name, (this.counts.get(name) ?? 0) + value);
  }
  of(name: Name) {
    return this.counts.get(name) ?? 0;
  }
}

/** Ids that sort in the order they were made, as the real ones do. */
export function sequentialIds(): (prefix: string) => string {
  let next = 0;
  return (prefix) => `${prefix}${String(++next).padStart(8, '0')}`;
}
