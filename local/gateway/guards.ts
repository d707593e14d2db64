import { isIP } from 'node:net';

/**
 * A `Host` header naming this machine: `localhost` (or a name under it), a 127.0.0.0/8 address or
 * `[::1]`, with any port. Anything else is a page whose DNS name was rebound to 127.0.0.1 to reach the
 * local runtime from a browser, and is refused.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d*$/, '');
  const lower = name.toLowerCase();
  if (lower === 'localhost' || lower.endsWith('.localhost')) return true;
  if (isIP(lower) === 4) return lower.startsWith('127.');
  return isIP(lower) === 6 && (lower === '::1' || lower === '0:0:0:0:0:0:0:1');
}

/**
 * A state-changing local route reads only `application/json`: a browser page can send `text/plain`
 * or a form cross-site without asking first, but never JSON.
 */
export const isJson = (contentType: string | undefined): boolean =>
  /^application\/json\s*(;|$)/i.test(contentType?.trim() ?? '');
