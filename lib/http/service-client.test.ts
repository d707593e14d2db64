import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { withDeadline } from '../deadline.ts';
import type { AppError } from '../errors.ts';

process.env.SERVICE_API_URL = 'http://api.test';
process.env.TOKEN_URL = 'http://auth.test/token';
process.env.CLIENT_ID = 'sales';
process.env.CLIENT_SECRET = 'secret';
const { callService } = await import('./service-client.ts');

/** The shared API at its worst: each call hangs until its signal aborts it, or answers `status`. */
function api(answer: 'hang' | number[]) {
  const calls: number[] = [];
  const statuses = answer === 'hang' ? [] : [...answer];
  const fetch = jest.fn(async (url: string | URL | Request, init?: RequestInit) => {
    if (String(url).startsWith('http://auth.test')) {
      return new Response(JSON.stringify({ access_token: 't', expires_in: 3600 }));
    }
    calls.push(Date.now());
    if (answer === 'hang') {
      return new Promise<Response>((_, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    }
    return new Response('{}', { status: statuses.shift() ?? 200 });
  });
  globalThis.fetch = fetch as unknown as typeof globalThis.fetch;
  return calls;
}

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

const call = { method: 'GET' as const, path: '/prices/products/p1', correlationId: 'c' };

const failure = async (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as AppError,
  );

describe('callService and the callee refusing it', () => {
  it('drops a refused token and fetches a new one for the retry; a second refusal is a 503', async () => {
    const tokens: string[] = [];
    let issued = 0;
    globalThis.fetch = (async (url: string | URL | Request, init?: RequestInit) => {
      if (String(url).startsWith('http://auth.test')) {
        issued++;
        return new Response(JSON.stringify({ access_token: `t${issued}`, expires_in: 3600 }));
      }
      tokens.push(new Headers(init?.headers).get('authorization') ?? '');
      return new Response('{}', { status: 401 });
    }) as typeof globalThis.fetch;

    const error = await failure(callService({ ...call, retries: 1 }));

    expect(error).toMatchObject({ code: 'dependency_unavailable', status: 503 });
    expect(tokens).toEqual([expect.stringMatching(/^Bearer t\d+$/), expect.stringMatching(/^Bearer t\d+$/)]);
    expect(tokens[1]).not.toBe(tokens[0]);
  });

  it.each([
    [403, 1],
    [429, 2],
  ])(
    'answers a %i from the callee as 503 dependency_unavailable, after %i attempts',
    async (status, attempts) => {
      const calls = api([status, status]);
      const error = await failure(callService({ ...call, retries: 1 }));
      expect(error).toMatchObject({ code: 'dependency_unavailable', status: 503 });
      expect(calls).toHaveLength(attempts);
    },
  );
});

describe('callService under the request deadline', () => {
  it('retries a 502-504 once, no more (the one retry layer of the call)', async () => {
    const calls = api([503, 503, 200]);
    const error = await failure(callService({ ...call, retries: 1 }));
    expect(error).toMatchObject({ code: 'dependency_unavailable', status: 503 });
    expect(calls).toHaveLength(2);
  });

  it('cuts each attempt to what is left of the deadline, and does not retry without time', async () => {
    const calls = api('hang');
    const started = Date.now();
    const error = await failure(
      withDeadline(Date.now() + 300, () => callService({ ...call, timeoutMs: 2000, retries: 1 })),
    );
    expect(error).toMatchObject({ status: 503 });
    // one attempt of at most 300 ms, not two of 2 s
    expect(Date.now() - started).toBeLessThan(1000);
    expect(calls).toHaveLength(1);
  });

  it('makes no attempt when no time is left for one', async () => {
    const calls = api([200]);
    const error = await failure(withDeadline(Date.now() + 20, () => callService(call)));
    expect(error).toMatchObject({ code: 'dependency_unavailable', headers: { 'retry-after': '1' } });
    expect(calls).toHaveLength(0);
  });
});
