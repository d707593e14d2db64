import type { Movement, MovementEntry, ProductImage } from './stock.ts';

/**
 * How the ledger stays exact at a constant cost per change. A stock change is a relative write (no
 * version read first), so only DynamoDB knows the order changes land in: the product item records it,
 * in constant size, as `lastChange` (the change that made the current version) and the tokens of the
 * newest RECENT_SLOTS movements, newest first (`recent[i]` made version `version - i`; each write
 * shifts the slots by one). Each movement also has a row: pending (no version yet, written with the
 * change) until the settle, which reads the stream's one image per change, puts the row of that
 * version and deletes the pending one. A reader merges rows and pending rows with the item into the
 * ledger (`reconstruct`): exact for everything settled and for the newest RECENT_SLOTS movements; a
 * settle further behind than that orders the older pending movements by id (the time they were
 * asked for) until it catches up.
 */
export const RECENT_SLOTS = 32;

/** Ids end in 16 random characters (lib/ids.ts); 8 of them (40 bits) tell a product's pending movements apart. */
const TOKEN_LENGTH = 8;
export const tokenOf = (movementId: string): string => movementId.slice(-TOKEN_LENGTH);

/**
 * A slot that names no movement: before the product's first version, or a change made before the
 * slots. As long as a token ('-' is no id character), so the item is as large from its first write on.
 */
export const NO_TOKEN = '-'.repeat(TOKEN_LENGTH);

/** What one read of the ledger's rows found, below a product image read just before. */
export interface LedgerRead {
  /** Settled rows, any order; versions above the image's are changes made after it was read. */
  settled: readonly Movement[];
  /** Pending rows, any order; some may be settled already (the settle deletes them after its puts). */
  pending: readonly MovementEntry[];
  /** The lowest version the read covers: 1 when it reached the ledger's start, else its lowest row's. */
  from: number;
}

export interface Reconstruction {
  /** Newest first, from the image's version down to `from`, leaving out the versions `missing`. */
  movements: Movement[];
  /** Versions nothing read accounts for: a write or a settle in flight when this was read. */
  missing: number[];
  /** Nothing missing and every row agreed with the quantities walked down from the image. */
  exact: boolean;
}

const byId = (a: MovementEntry, b: MovementEntry) =>
  a.movementId < b.movementId ? -1 : a.movementId > b.movementId ? 1 : 0;

/**
 * The ledger from `head.version` down to `read.from`. Each version is its settled row when there is
 * one; else the image's `lastChange` (the newest), the pending row its slot names, or, past the slots,
 * the oldest pending rows not named (the newest are changes made after the image was read), then a
 * journal left from before, newest entry highest. Quantities walk down from the image's own.
 */
export function reconstruct(head: ProductImage, read: LedgerRead): Reconstruction {
  const top = head.version;
  const from = Math.max(1, read.from);
  const settled = new Map<number, Movement>();
  const settledIds = new Set<string>();
  for (const row of read.settled) {
    settledIds.add(row.movementId);
    if (row.version >= from && row.version <= top) settled.set(row.version, row);
  }
  const open = (entry: MovementEntry) => !settledIds.has(entry.movementId);
  const pending = new Map(read.pending.filter(open).map((entry) => [entry.movementId, entry]));
  const journal = head.journal.filter(open);
  const byToken = new Map<string, MovementEntry>();
  for (const entry of pending.values()) byToken.set(tokenOf(entry.movementId), entry);
  // Slots from the first empty one on name changes made before the slots: the journal's.
  const firstEmpty = head.recent.indexOf(NO_TOKEN);
  const legacyFrom = head.recent.length === 0 ? 0 : firstEmpty === -1 ? Number.POSITIVE_INFINITY : firstEmpty;

  const entries = new Map<number, MovementEntry>();
  const missing: number[] = [];
  const legacy: number[] = [];
  const deep: number[] = [];
  const claim = (version: number, entry: MovementEntry | undefined): void => {
    if (!entry) {
      missing.push(version);
      return;
    }
    entries.set(version, entry);
    pending.delete(entry.movementId);
  };
  for (let version = top; version >= from; version--) {
    if (settled.has(version)) continue;
    const slot = top - version;
    if (slot === 0 && head.lastChange) claim(version, head.lastChange);
    else if (slot >= legacyFrom) legacy.push(version);
    else if (slot < head.recent.length) {
      // A token two movements share (1 in 2^40 per pair) names only one; the other reads as missing.
      const named = byToken.get(head.recent[slot]!);
      claim(version, named && pending.has(named.movementId) ? named : undefined);
    } else deep.push(version);
  }
  const journalLeft = [...journal];
  for (const version of legacy) claim(version, journalLeft.pop());
  // Past the slots: pending movements above the journal, which holds the oldest of all.
  const deepPending = Math.max(0, deep.length - journalLeft.length);
  const oldest = [...pending.values()].sort(byId).slice(0, deepPending).reverse();
  deep.forEach((version, i) => {
    claim(version, i < deepPending ? oldest[i] : journalLeft.pop());
  });

  const { movements, agrees } = walk(head, from, settled, entries);
  return { movements, missing: missing.sort((a, b) => b - a), exact: missing.length === 0 && agrees };
}

/**
 * Quantities after each movement, walking down from the image: each one below is the one above less
 * its delta, and a settled row must agree (else a guess above it was wrong). Below a missing version
 * the walk cannot go on: those get theirs walking up from the row beneath (NaN with none).
 */
function walk(
  head: ProductImage,
  from: number,
  settled: ReadonlyMap<number, Movement>,
  entries: ReadonlyMap<number, MovementEntry>,
): { movements: Movement[]; agrees: boolean } {
  const movements: Movement[] = [];
  let after: number | undefined = head.quantity;
  let agrees = true;
  for (let version = head.version; version >= from; version--) {
    const row = settled.get(version);
    const entry = entries.get(version);
    if (row) {
      if (after !== undefined && after !== row.quantityAfter) agrees = false;
      movements.push(row);
      after = row.quantityAfter - row.delta;
    } else if (entry) {
      movements.push({ ...entry, productId: head.productId, version, quantityAfter: after ?? Number.NaN });
      if (after !== undefined) after -= entry.delta;
    } else {
      after = undefined;
    }
  }
  // Nothing came before version 1.
  if (from === 1 && after !== undefined && after !== 0) agrees = false;
  let below = from === 1 ? 0 : undefined;
  let belowVersion = from - 1;
  for (let i = movements.length - 1; i >= 0; i--) {
    const m = movements[i]!;
    if (m.version !== belowVersion + 1) below = undefined;
    if (Number.isNaN(m.quantityAfter) && below !== undefined) m.quantityAfter = below + m.delta;
    below = Number.isNaN(m.quantityAfter) ? undefined : m.quantityAfter;
    belowVersion = m.version;
  }
  return { movements, agrees };
}
