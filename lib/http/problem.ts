import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { AppError, type FieldError, isAppError } from '../errors.ts';

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
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
 * RFC 9457 body for an error. Only `AppError`s speak their own detail; anything else is an
 * unexpected failure and answers a generic 500 that leaks nothing (as middy's http-error-handler does).
 */
export function toProblem(error: unknown): { problem: Problem; headers: Record<string, string> } {
  const known: AppError = isAppError(error)
    ? error
    : new AppError('internal_error', 'Something went wrong on our side; the request was not completed.');
  const problem: Problem = {
    type: `https://retail-suite.dev/problems/${known.code.replaceAll('_', '-')}`,
    title: titles[known.status] ?? 'Error',
    status: known.status,
    detail: known.message,
    code: known.code,
  };
  if (known.errors) problem.errors = known.errors;
  return { problem, headers: known.headers ?? {} };
}

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
