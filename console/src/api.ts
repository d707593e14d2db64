import { currentSession, endSession } from './auth.ts';

/** A failed call, with the problem document's `detail` (RFC 9457) for the person to read. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors: { path: string; message: string }[] = [],
  ) {
    super(detail);
  }
}

let apiUrl = '';
export const setApiUrl = (url: string): void => {
  apiUrl = url.replace(/\/$/, '');
};

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

type Query = Record<string, string | number | boolean | undefined | null>;

export const withQuery = (path: string, query: Query = {}): string => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
};

async function problemOf(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => ({}))) as {
    code?: string;
    detail?: string;
    title?: string;
    errors?: { path: string; message: string }[];
  };
  return new ApiError(
    response.status,
    body.code ?? 'error',
    body.detail ?? body.title ?? `A API respondeu ${response.status}.`,
    body.errors ?? [],
  );
}

/** One call of the public API with the signed-in person's token. */
export async function request(
  method: string,
  path: string,
  options: { body?: unknown; accept?: string } = {},
): Promise<Response> {
  const token = currentSession()?.token;
  const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${apiUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'network', 'Não foi possível falar com a API. Verifique a conexão.');
  }
  if (response.status === 401) {
    const problem = await problemOf(response);
    endSession();
    throw problem;
  }
  if (!response.ok) throw await problemOf(response);
  return response;
}

export const get = async <T>(path: string, query?: Query): Promise<T> =>
  (await (await request('GET', withQuery(path, query))).json()) as T;

export const send = async <T>(method: string, path: string, body?: unknown): Promise<T> =>
  (await (await request(method, path, body === undefined ? {} : { body })).json()) as T;

/** What this API offers beyond the basics, read once from its public OpenAPI document. */
export interface Capabilities {
  productSearch: boolean;
  lowStockFilter: boolean;
  ordersByPeriod: boolean;
  returns: boolean;
}

interface OpenApi {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
}

let capabilities: Capabilities = {
  productSearch: false,
  lowStockFilter: false,
  ordersByPeriod: false,
  returns: false,
};
export const caps = (): Capabilities => capabilities;

export async function loadCapabilities(): Promise<void> {
  try {
    const response = await fetch(`${apiUrl}/openapi.json`);
    const doc = (await response.json()) as OpenApi;
    const queryOf = (path: string) =>
      new Set((doc.paths[path]?.get?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
    const products = queryOf('/inventory/products');
    capabilities = {
      productSearch: products.has('q'),
      lowStockFilter: products.has('lowStock'),
      ordersByPeriod: queryOf('/sales/orders').has('from'),
      returns: doc.paths['/sales/orders/{orderId}/returns']?.post !== undefined,
    };
  } catch {
    // Without the document the console offers only the basics.
  }
}
