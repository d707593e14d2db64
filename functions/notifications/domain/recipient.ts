import { createHash } from 'node:crypto';

/**
 * A pseudonym of an e-mail address for log lines and the sent-mail record: the first 16 hex digits of
 * the SHA-256 of the trimmed, lower-cased address. It tells two recipients apart and matches a
 * known address, but does not spell the address in a log.
 */
export const recipientHash = (address: string): string =>
  `sha256:${createHash('sha256').update(address.trim().toLowerCase()).digest('hex').slice(0, 16)}`;
