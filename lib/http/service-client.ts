import { serviceToken } from '../auth/service-token.ts';
import { required } from '../config.ts';
import { AppError } from '../errors.ts';

export interface ServiceCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  correlationId: string;
  /** Budget for each attempt. */
  timeoutMs?: number;
  /** Extra attempts after the first, for network errors, 502/503/504 and time-outs. */
  retries?: number;
  /**
   * false: a time-out ends the call (503) with no further attempt, for a call whose callee may still be
   * working on the abandoned attempt (a retry would only queue more work behind it). Default true.
   */
  retryOnTimeout?: boolean;
}

export interface ServiceResponse {
  status: number;
  body: unknown;
}

const apiUrl = required('API_URL').replace(/\/$/, '');

const retryable = (status: number) => status === 502 || status === 503 || status === 504;

/** Full-jitter backoff (AWS Architecture Blog): spreads retries of concurrent callers apart. */
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 50 * 2 ** attempt));

/**
 * Calls another service's route on the shared API with this service's token. Answers with any status
 * the callee gave except a persistent 5xx or time-out, which becomes `503 dependency_unavailable`.
 * Retries are for idempotent calls only; every route this is used with is idempotent by design.
 */
export async function callService(call: ServiceCall): Promise<ServiceResponse> {
  const { retries = 1, timeoutMs = 2000 } = call;
  let lastProblem = 'no attempt';
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await backoff(attempt);
    try {
      const response = await fetch(`${apiUrl}${call.path}`, {
        method: call.method,
        headers: {
          authorization: `Bearer ${await serviceToken()}`,
          'content-type': 'application/json',
          'x-correlation-id': call.correlationId,
        },
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      if (retryable(response.status)) {
        lastProblem = `answered ${response.status}`;
        continue;
      }
      return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
      if (call.retryOnTimeout === false && (error as Error)?.name === 'TimeoutError') break;
    }
  }
  throw new AppError(
    'dependency_unavailable',
    'A service this call depends on is unavailable; try again shortly.',
    {
      headers: { 'retry-after': '5' },
      cause: new Error(`${call.method} ${call.path}: ${lastProblem}`),
    },
  );
}
