/**
 * The number series (séries) one function instance writes in, and what it last saw of each counter.
 * Nothing here does I/O: `numbered-write.ts` takes a lease, writes, and hands it back.
 *
 * Why several series: one counter is one item, and every number is a transaction on it, so a single
 * series caps the whole shop's order rate at what one item takes, however many Lambdas run. With
 * several, writers that would queue for one counter write side by side, each series gap-free on its own
 * (as a Brazilian shop's tills each have their série).
 *
 * Why a lease per instance: in Lambda an instance runs one order at a time, so it keeps to one series
 * and knows its counter from its own last write: the transaction that takes the number is the only
 * request. Two instances that meet on a series find out from the counter's condition (the failed
 * attempt hands the counter back), and the one that lost moves on to another series for its next
 * order. Where one instance runs many orders at once (the local runtime's worker), each takes a series
 * no other order of this instance holds, and waits here, in memory, when all are held.
 */
export interface Lease {
  series: number;
  /** The counter's last number as this instance last saw it; undefined: not known, read it. */
  last: number | undefined;
}

interface Waiter {
  resolve: (lease: Lease | undefined) => void;
  timer: NodeJS.Timeout;
}

export class SeriesPool {
  readonly count: number;
  readonly #random: () => number;
  readonly #held = new Set<number>();
  readonly #known = new Map<number, number>();
  readonly #waiting: Waiter[] = [];
  #preferred: number;

  constructor(count: number, random: () => number = Math.random) {
    if (!Number.isInteger(count) || count < 1)
      throw new Error(`a number series pool needs ≥ 1 series, not ${count}`);
    this.count = count;
    this.#random = random;
    this.#preferred = this.#pick(() => true) ?? 1;
  }

  /**
   * A series no other order of this instance holds: the preferred one when free, else a free one at
   * random; when all are held, the first handed back (in the order asked), or none after `waitMs`.
   */
  acquire(waitMs: number): Promise<Lease | undefined> {
    const free = this.#held.has(this.#preferred) ? this.#pick((s) => !this.#held.has(s)) : this.#preferred;
    if (free !== undefined) return Promise.resolve(this.#lease(free));
    if (waitMs <= 0) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        resolve,
        timer: setTimeout(() => {
          this.#waiting.splice(this.#waiting.indexOf(waiter), 1);
          resolve(undefined);
        }, waitMs),
      };
      this.#waiting.push(waiter);
    });
  }

  /**
   * Hands a series back with its counter as last seen (undefined when a write's outcome is unknown).
   * `contended`: another instance took a number in it meanwhile, so this one prefers another next time.
   */
  release(series: number, last: number | undefined, contended = false): void {
    if (last === undefined) this.#known.delete(series);
    else this.#known.set(series, last);
    if (contended && this.count > 1) this.#preferred = this.#pick((s) => s !== series) ?? this.#preferred;
    const next = this.#waiting.shift();
    if (next) {
      clearTimeout(next.timer);
      next.resolve({ series, last: this.#known.get(series) });
    } else {
      this.#held.delete(series);
    }
  }

  #lease(series: number): Lease {
    this.#held.add(series);
    return { series, last: this.#known.get(series) };
  }

  #pick(allowed: (series: number) => boolean): number | undefined {
    const candidates = Array.from({ length: this.count }, (_, i) => i + 1).filter(allowed);
    return candidates[Math.floor(this.#random() * candidates.length)];
  }
}
