import { SeriesPool } from './series-pool.ts';

/** Draws from a fixed list, so each choice of a series is known. */
const draws = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length] ?? 0;
};

describe('SeriesPool', () => {
  it('keeps an instance to one series, and remembers its counter between orders', async () => {
    const pool = new SeriesPool(8, draws(0.3)); // 0.3 × 8 → series 3

    const first = await pool.acquire(0);
    expect(first).toEqual({ series: 3, last: undefined });
    pool.release(3, 17);

    expect(await pool.acquire(0)).toEqual({ series: 3, last: 17 });
  });

  it('gives orders in flight at once series of their own', async () => {
    const pool = new SeriesPool(3, draws(0));

    const leases = [await pool.acquire(0), await pool.acquire(0), await pool.acquire(0)];

    expect(new Set(leases.map((l) => l?.series))).toEqual(new Set([1, 2, 3]));
    expect(await pool.acquire(0)).toBeUndefined();
  });

  it('hands a series back to the first one waiting, with its counter, in the order they asked', async () => {
    const pool = new SeriesPool(1);
    await pool.acquire(0);
    const waiting = [pool.acquire(1000), pool.acquire(1000)];

    pool.release(1, 5);
    expect(await waiting[0]).toEqual({ series: 1, last: 5 });
    pool.release(1, 6);
    expect(await waiting[1]).toEqual({ series: 1, last: 6 });
  });

  it('gives up waiting after the time it was given', async () => {
    const pool = new SeriesPool(1);
    await pool.acquire(0);

    expect(await pool.acquire(20)).toBeUndefined();
    pool.release(1, 1);
    // The one that gave up is not handed the series: the next asker gets it at once.
    expect(await pool.acquire(0)).toEqual({ series: 1, last: 1 });
  });

  it('forgets a counter whose last write it does not know the outcome of', async () => {
    const pool = new SeriesPool(1);
    await pool.acquire(0);

    pool.release(1, undefined);

    expect(await pool.acquire(0)).toEqual({ series: 1, last: undefined });
  });

  it('moves to another series once another instance took numbers in its own', async () => {
    const pool = new SeriesPool(4, draws(0, 0.5)); // starts on 1; then 0.5 of [2, 3, 4] → 3
    await pool.acquire(0);

    pool.release(1, 9, true);

    expect(await pool.acquire(0)).toEqual({ series: 3, last: undefined });
    // What it knew of series 1 is kept for when it comes back.
    expect(await pool.acquire(0)).toEqual({ series: 1, last: 9 });
  });

  it('needs at least one series', () => {
    expect(() => new SeriesPool(0)).toThrow('≥ 1 series');
  });
});
