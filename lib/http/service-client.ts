import { dropServiceToken, serviceToken } from '../auth/service-token.ts';
import { required } from '../config.ts';
import { outOfTime, remainingMs, timeoutFor } from '../deadline.ts';
import { backoffDelay, sleep } from '../dynamodb/backoff.ts';
import { AppError } from '../errors.ts';

export interface ServiceCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  correlationId: string;
  /** Cap of each attempt; an attempt gets less when the request deadline leaves less. */
  timeoutMs?: number;
  /**
   * Extra attempts after the first, for network errors, 502/503/504 and time-outs, while the deadline
   * leaves time for one. This is the only retry layer of a call between services: the callee's own
   * loops are for its logical conflicts, and 4xx/500 answers are not retried here.
   */
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

const apiUrl = required('SERVICE_API_URL').replace(/\/$/, '');

/** Worth another attempt: the callee is overloaded or briefly away (429 is the gateway's rate limit). */
const retryable = (status: number) => status === 429 || status === 502 || status === 503 || status === 504;

/** Less than this left of the deadline is no time for an attempt: it could only time out. */
const MIN_ATTEMPT_MS = 100;

/**
 * Calls another service's route on the service API with this service's token. Answers with any status
 * the callee gave except a persistent 429/5xx, a refusal of the credentials (401 after a fresh token,
 * 403) or a time-out, which become `503 dependency_unavailable`.
 * Retries are for idempotent calls only; every route this is used with is idempotent by design.
 */
export async function callService(call: ServiceCall): Promise<ServiceResponse> {
  const { retries = 1, timeoutMs = 2000 } = call;
  if (timeoutFor(timeoutMs) < MIN_ATTEMPT_MS) throw outOfTime(`${call.method} ${call.path}`);
  let lastProblem = 'no attempt';
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) {
      // Full jitter spreads the retries of concurrent callers apart.
      const wait = backoffDelay(attempt, { baseMs: 50, capMs: 1000 });
      if (remainingMs() - wait < MIN_ATTEMPT_MS) break;
      await sleep(wait);
    }
    try {
      const token = await serviceToken();
      const response = await fetch(`${apiUrl}${call.path}`, {
        method: call.method,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'x-correlation-id': call.correlationId,
        },
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: AbortSignal.timeout(Math.max(1, timeoutFor(timeoutMs))),
      });
      const text = await response.text();
      if (response.status === 401) dropServiceToken(token);
      if (retryable(response.status) || response.status === 401 || response.status === 403) {
        lastProblem = `answered ${response.status}`;
        // A token refused (401) is worth a retry with a new one; missing scopes (403) are not.
        if (response.status === 403) break;
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
