import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { AppError, type FieldError, isAppError } from '../errors.ts';

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
}

/**
 * An AWS service too slow or too busy to answer (a time-out, throttling, its own 5xx): the request may
 * well succeed in a moment, so the caller is told to retry rather than that we failed.
 */
const isTransientAwsError = (error: unknown): boolean => {
  const e = error as { name?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  return (
    typeof e === 'object' &&
    e !== null &&
    (e.$retryable !== undefined ||
      [
        'TimeoutError',
        'RequestTimeout',
        'ThrottlingException',
        'ProvisionedThroughputExceededException',
        'RequestLimitExceeded',
        'InternalServerError',
        'ServiceUnavailable',
      ].includes(e.name ?? '') ||
      (e.$metadata?.httpStatusCode ?? 0) >= 500)
  );
};

/**
 * RFC 9457 body for an error. Only `AppError`s speak their own detail; a dependency that was too slow
 * or busy is a 503 with Retry-After; anything else is an unexpected failure and answers a generic 500
 * that leaks nothing (as middy's http-error-handler does).
 */
function toProblem(error: unknown): { problem: Problem; headers: Record<string, string> } {
  const known: AppError = isAppError(error)
    ? error
    : isTransientAwsError(error)
      ? new AppError('dependency_unavailable', 'A store this request needs is busy; try again shortly.', {
          headers: { 'retry-after': '1' },
        })
      : new AppError('internal_error', 'Something went wrong on our side; the request was not completed.');
  return {
    problem: problemDocument(known.status, known.code, known.message, known.errors),
    headers: known.headers ?? {},
  };
}

/** The RFC 9457 document itself; the local gateway's own answers use it too, so both look alike. */
export function problemDocument(
  status: number,
  code: string,
  detail: string,
  errors?: FieldError[],
): Problem {
  const problem: Problem = {
    type: `https://retail-suite.dev/problems/${code.replaceAll('_', '-')}`,
    title: titles[status] ?? 'Error',
    status,
    detail,
    code,
  };
  if (errors) problem.errors = errors;
  return problem;
}

/** The Lambda result for any error: AppErrors as they are, anything else as a generic 500. */
export function problemResponse(
  error: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  const { problem, headers: errorHeaders } = toProblem(error);
  return {
    statusCode: problem.status,
    headers: { ...headers, ...errorHeaders, 'content-type': 'application/problem+json' },
    body: JSON.stringify(problem),
  };
}
