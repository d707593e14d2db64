import fc from 'fast-check';
import { decideCommit, decideRelease, duplicateLineIndexes, expiryFrom, sameLines } from './reservation.ts';

describe('reservation rules', () => {
  it('treats the same lines in any order as the same request', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ productId: fc.stringMatching(/^[a-z]{1,5}$/), quantity: fc.nat(9) }), {
          selector: (l) => l.productId,
          minLength: 1,
        }),
        (lines) => {
          expect(sameLines(lines, [...lines].reverse())).toBe(true);
          const changed = lines.map((l, i) => (i === 0 ? { ...l, quantity: l.quantity + 1 } : l));
          expect(sameLines(lines, changed)).toBe(false);
        },
      ),
    );
  });

  it('finds products listed twice', () => {
    expect(
      duplicateLineIndexes([
        { productId: 'a', quantity: 1 },
        { productId: 'b', quantity: 1 },
        { productId: 'a', quantity: 2 },
      ]),
    ).toEqual([2]);
  });

  it('commits only ACTIVE, answers a repeat, refuses what gave stock back', () => {
    expect(decideCommit('ACTIVE')).toBe('commit');
    expect(decideCommit('COMMITTED')).toBe('already-committed');
    expect(decideCommit('RELEASED')).toBe('conflict');
    expect(decideCommit('EXPIRED')).toBe('conflict');
  });

  it('releases a COMMITTED reservation only for a cancelled sale, and nothing twice', () => {
    expect(decideRelease('ACTIVE', false)).toBe('release');
    expect(decideRelease('COMMITTED', false)).toBe('conflict');
    expect(decideRelease('COMMITTED', true)).toBe('release');
    expect(decideRelease('RELEASED', true)).toBe('already-released');
    expect(decideRelease('EXPIRED', false)).toBe('already-released');
  });

  it('expires ttl seconds after it is made', () => {
    expect(expiryFrom(new Date('2025-01-01T00:00:00.000Z'), 900)).toBe('2025-01-01T00:15:00.000Z');
  });
});
