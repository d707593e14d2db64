import type { z } from 'zod';
import { AppError, type FieldError } from '../errors.ts';

export type Location = 'body' | 'query' | 'path' | 'header';

/** `errors[].path` is the location then the dotted path inside it, e.g. `body.lines.0.quantity`. */
export function fieldErrors(location: Location, error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: [location, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  location: Location,
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new AppError('validation_failed', `The request ${location} is not valid.`, {
    errors: fieldErrors(location, result.error),
  });
}
