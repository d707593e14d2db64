import fc from 'fast-check';
import { NO_TOKEN, RECENT_SLOTS, reconstruct, tokenOf } from './ledger.ts';
import type { Movement, MovementEntry, ProductImage } from './stock.ts';

let seq = 0;
const shuffled = <T>(items: readonly T[]) => [...items].sort(() => Math.random() - 0.5);
/** Ids as lib/ids.ts makes them: time-ordered, ending in random characters (here, a counter). */
const entry = (delta: number, id = ++seq): MovementEntry => ({
  movementId: `mov_${String(id).padStart(10, '0')}${String(id).padStart(16, '0')}`,
  delta,
  reason: 'x',
  reference: null,
  actor: 'client:admin',
  at: 'now',
});

/**
 * The table after applying `deltas` (the first is the initial stock, each a valid change) in order,
 * with the settle done up to `settledUpTo`: what the product item, the rows and the pending rows hold.
 * With `concurrent`, the ids are not in the order the changes were applied (asked for at once).
 */
function applied(deltas: number[], settledUpTo: number, concurrent = false) {
  const base = seq;
  seq += deltas.length;
  const order = deltas.map((_, i) => base + i + 1);
  const ids = concurrent ? shuffled(order) : order;
  const entries = deltas.map((delta, i) => entry(delta, ids[i]));
  const truth: Movement[] = [];
  let quantity = 0;
  entries.forEach((e, i) => {
    quantity += e.delta;
    truth.push({ ...e, productId: 'p1', version: i + 1, quantityAfter: quantity });
  });
  const version = entries.length;
  const recent = Array.from({ length: RECENT_SLOTS }, (_, i) => {
    const e = entries[version - 1 - i];
    return e ? tokenOf(e.movementId) : NO_TOKEN;
  });
  const head: ProductImage = {
    productId: 'p1',
    sku: 'S',
    name: 'N',
    quantity,
    reorderPoint: 0,
    reorderQuantity: 0,
    version,
    updatedAt: 'now',
    openReorderId: null,
    lastChange: entries.at(-1) ?? null,
    recent,
    journal: [],
  };
  return {
    head,
    truth: [...truth].reverse(),
    settled: truth.slice(0, settledUpTo),
    pending: entries.slice(settledUpTo),
  };
}

/** Deltas that never take stock below zero: an initial stock, then changes. */
const validDeltas = (maxLength: number) =>
  fc
    .tuple(fc.integer({ min: 0, max: 50 }), fc.array(fc.integer({ min: -5, max: 5 }), { maxLength }))
    .map(([initial, changes]) => {
      let stock = initial;
      return [
        initial,
        ...changes.map((d) => {
          const delta = stock + d < 0 ? -stock : d;
          stock += delta;
          return delta;
        }),
      ];
    });

describe('reconstruct', () => {
  it('is the exact ledger while the settle is at most RECENT_SLOTS changes behind, whatever rows are read in', () => {
    fc.assert(
      fc.property(validDeltas(80), fc.nat(), (deltas, lagSeed) => {
        const lag = Math.min(deltas.length, lagSeed % (RECENT_SLOTS + 1));
        const { head, truth, settled, pending } = applied(deltas, deltas.length - lag, true);

        const ledger = reconstruct(head, { settled: shuffled(settled), pending: shuffled(pending), from: 1 });

        expect(ledger).toEqual({ movements: truth, missing: [], exact: true });
      }),
    );
  });

  it('lists every movement exactly once, adding up, however far the settle is behind', () => {
    fc.assert(
      fc.property(validDeltas(120), fc.nat(), (deltas, settledSeed) => {
        const { head, truth, settled, pending } = applied(deltas, settledSeed % (deltas.length + 1), true);

        const ledger = reconstruct(head, { settled, pending, from: 1 });

        expect(ledger.exact).toBe(true);
        expect(ledger.movements.map((m) => m.movementId).sort()).toEqual(
          truth.map((m) => m.movementId).sort(),
        );
        expect(ledger.movements.map((m) => m.version)).toEqual(truth.map((m) => m.version));
        // The newest RECENT_SLOTS are exact; older pending ones are ordered by id, and still add up.
        expect(ledger.movements.slice(0, RECENT_SLOTS)).toEqual(truth.slice(0, RECENT_SLOTS));
        const chronological = [...ledger.movements].reverse();
        chronological.forEach((m, i) => {
          expect(m.quantityAfter).toBe((chronological[i - 1]?.quantityAfter ?? 0) + m.delta);
        });
      }),
    );
  });

  it('lists a movement both settled and still pending once, and leaves out changes made after the item was read', () => {
    const { head, truth, settled, pending } = applied([5, -1, -2, 3], 2);
    const later = entry(-1);

    const ledger = reconstruct(head, {
      settled: [...settled, { ...truth[1]!, productId: 'p1' }],
      pending: [...pending, later],
      from: 1,
    });

    expect(ledger).toEqual({ movements: truth, missing: [], exact: true });
  });

  it('says which version nothing accounts for, and still gives the others their quantities', () => {
    const { head, truth, settled, pending } = applied([5, -1, -2, 3, -1], 1);

    const ledger = reconstruct(head, { settled, pending: pending.filter((e) => e !== pending[1]), from: 1 });

    expect(ledger.missing).toEqual([3]);
    expect(ledger.exact).toBe(false);
    expect(ledger.movements).toEqual(truth.filter((m) => m.version !== 3));
  });

  it('reads a window: versions below `from` are left to the rows beneath it', () => {
    const { head, truth, settled, pending } = applied([9, -1, -1, -1, -1, -1, -1], 5);

    const ledger = reconstruct(head, { settled: settled.slice(3), pending, from: 4 });

    expect(ledger).toEqual({ movements: truth.slice(0, 4), missing: [], exact: true });
  });

  it('gives a journal left from before its exact versions and quantities, below the newer movements', () => {
    fc.assert(
      fc.property(validDeltas(30), fc.nat(), fc.nat({ max: 5 }), (deltas, rowsSeed, newer) => {
        // The code before: rows up to `rows`, the rest in the item's journal, no slots.
        const rows = rowsSeed % deltas.length;
        const { truth } = applied(deltas, 0);
        const chronological = [...truth].reverse();
        const legacy: ProductImage = {
          ...applied(deltas, 0).head,
          lastChange: null,
          recent: [],
          journal: chronological
            .slice(rows)
            .map(({ productId: _p, version: _v, quantityAfter: _q, ...e }) => e),
        };
        expect(reconstruct(legacy, { settled: chronological.slice(0, rows), pending: [], from: 1 })).toEqual({
          movements: truth,
          missing: [],
          exact: true,
        });

        // Then `newer` changes by this code, unsettled: they shift the slots over the journal's empty ones.
        let quantity = legacy.quantity;
        const changes = Array.from({ length: newer }, () => entry(1));
        const recent = [
          ...changes.map((e) => tokenOf(e.movementId)).reverse(),
          ...Array(RECENT_SLOTS).fill(NO_TOKEN),
        ].slice(0, RECENT_SLOTS);
        const later = changes.map((e, i) => ({
          ...e,
          productId: 'p1',
          version: legacy.version + i + 1,
          quantityAfter: ++quantity,
        }));
        const head: ProductImage = {
          ...legacy,
          version: legacy.version + newer,
          quantity,
          lastChange: changes.at(-1) ?? null,
          recent: newer === 0 ? [] : recent,
        };
        expect(
          reconstruct(head, { settled: chronological.slice(0, rows), pending: changes, from: 1 }),
        ).toEqual({
          movements: [...later.reverse(), ...truth],
          missing: [],
          exact: true,
        });
      }),
    );
  });
});
