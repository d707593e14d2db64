/**
 * Configuration read once at cold start. A missing required variable fails loudly at import time,
 * not in the middle of a request.
 */
export function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`Missing required environment variable ${name}`);
  }
  return value;
}

export function optional(name: string, fallback: string): string {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : value;
}

export function integer(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value))
    throw new Error(`Environment variable ${name} must be an integer, got '${raw}'`);
  return value;
}

/** A required variable that must be one of `allowed`; anything else fails the cold start. */
export function oneOf<const T extends string>(name: string, allowed: readonly T[]): T {
  const value = required(name);
  if (!(allowed as readonly string[]).includes(value)) {
    throw new Error(`Environment variable ${name} must be one of ${allowed.join(', ')}, got '${value}'`);
  }
  return value as T;
}
