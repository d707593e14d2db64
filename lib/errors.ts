/**
 * The stable error codes of API.md and the one error type that carries them. Domain code throws
 * `AppError`s; the HTTP pipeline turns them into RFC 9457 problem+json.
 */
const errorStatus = {
  validation_failed: 400,
  unauthorized: 401,
  payment_declined: 402,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  insufficient_stock: 409,
  version_conflict: 409,
  idempotency_key_reused: 409,
  idempotency_request_in_progress: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal_error: 500,
  price_unavailable: 503,
  dependency_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface FieldError {
  path: string;
  message: string;
  [extra: string]: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ErrorCode,
    detail: string,
    options: { errors?: FieldError[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(detail, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = errorStatus[code];
    this.errors = options.errors;
    this.headers = options.headers;
  }
}

export const notFound = (what: string, id: string) =>
  new AppError('not_found', `${what} '${id}' does not exist.`);

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;
