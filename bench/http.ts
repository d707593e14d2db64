import { type CallResult, call, getToken } from '../test/support/api.ts';

/** The benchmark's view of the API: one base URL and the two local clients' tokens, fetched once. */
export interface Api {
  baseUrl: string;
  /** `pos` for sales, `admin` for setting up stock and prices. */
  call(
    method: string,
    path: string,
    body?: unknown,
    as?: 'pos' | 'admin',
    headers?: Record<string, string>,
  ): Promise<CallResult>;
}

export async function openApi(baseUrl: string): Promise<Api> {
  const tokens = { pos: await getToken(baseUrl, 'pos'), admin: await getToken(baseUrl, 'admin') };
  return {
    baseUrl,
    call: (method, path, body, as = 'pos', headers) =>
      call(method, path, { baseUrl, token: tokens[as], body, ...(headers ? { headers } : {}) }),
  };
}

export const expectStatus = (result: CallResult, wanted: number, what: string): CallResult => {
  if (result.status !== wanted) {
    throw new Error(`${what} answered ${result.status}: ${JSON.stringify(result.body).slice(0, 300)}`);
  }
  return result;
};
