import { randomBytes } from 'node:crypto';
import * as z from 'zod';

/** API.md: ids match this pattern; anything else is a 400, never a lookup. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const idSchema = z
  .string()
  .regex(
    ID_PATTERN,
    'must be 1-64 characters: letters, digits, ".", "_" or "-", starting with a letter or digit',
  );

/**
 * A new id that sorts by creation time (48-bit millisecond timestamp, then 80 random bits, Crockford
 * base32 like a ULID), so ids double as stable, time-ordered sort keys.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newId(prefix = '', now = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const random = [...randomBytes(16)].map((b) => ALPHABET[b % 32]).join('');
  return `${prefix}${time}${random}`;
}
