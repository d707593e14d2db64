import type { RollupPart } from './rollup.ts';

/**
 * Rollups live in generations, so they can be rebuilt while orders arrive: the rebuild opens a new
 * generation that starts at `since`, adds up every change that happened before it from the table, and
 * the stream adds every change from `since` on, to the current generation and the new one alike. Once
 * the rebuild is written, the new generation becomes the current one, the one reports read.
 */
export interface Generation {
  id: string;
  /** ISO instant: the stream counts the changes that happened from here on ('' = all of them). */
  since: string;
}

export interface RollupPointer {
  current: Generation;
  /** The generation a rebuild is filling, if one is under way (or was left unfinished). */
  next?: Generation;
  /** Grows with each change of the pointer; a change is conditioned on it. */
  version: number;
}

/** Before any rebuild: the generation the stream has filled since it was deployed. */
export const FIRST_POINTER: RollupPointer = { current: { id: 'g0', since: '' }, version: 0 };

/** The generations the stream adds `part` to. */
export function generationsFor(part: Pick<RollupPart, 'happenedAt'>, pointer: RollupPointer): string[] {
  return [pointer.current, pointer.next]
    .filter((g): g is Generation => g !== undefined && part.happenedAt >= g.since)
    .map((g) => g.id)
    .filter((id, i, all) => all.indexOf(id) === i);
}

/** A new generation's id: sorts by when it was made (for the eye, nothing depends on it). */
export const generationId = (now: number, random: string) => `g${now.toString(36)}${random}`;
