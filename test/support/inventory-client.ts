import { type CallResult, call, type Json } from './api.ts';
import { unique } from './wait.ts';

/** A client's call: method, path and an optional JSON body (or raw text), as one client. */
export type Request = (method: string, path: string, body?: unknown) => Promise<CallResult>;

/** The admin client's calls, to `baseUrl` or else the shared runtime (API_URL, read at each call). */
export const adminRequest =
  (baseUrl?: string): Request =>
  (method, path, body) =>
    call(method, path, {
      as: 'admin',
      ...(baseUrl === undefined ? {} : { baseUrl }),
      ...(body === undefined ? {} : { body }),
    });

/** Every item of a paginated list (`?limit=100`, then its cursors), in the order the API gives. */
export async function allItems(request: Request, path: string): Promise<Json[]> {
  const items: Json[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `${path.includes('?') ? '&' : '?'}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await request('GET', `${path}${query}`);
    if (page.status !== 200) throw new Error(`GET ${path}: ${page.status} ${JSON.stringify(page.body)}`);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

/** Inventory as the e2e tests use it over HTTP. */
export function inventoryClient(request: Request = adminRequest()) {
  async function createProduct(quantity: number, extra: Record<string, unknown> = {}): Promise<string> {
    const productId = (extra.productId as string | undefined) ?? unique('p');
    const created = await request('POST', '/inventory/products', {
      productId,
      sku: `SKU-${productId}`,
      name: 'Café',
      quantity,
      ...extra,
    });
    if (created.status !== 201)
      throw new Error(`create product: ${created.status} ${JSON.stringify(created.body)}`);
    return productId;
  }

  const product = async (productId: string): Promise<Json> =>
    (await request('GET', `/inventory/products/${productId}`)).body;

  const stockOf = async (productId: string): Promise<number> => (await product(productId)).quantity;

  /** The whole ledger of a product, newest first. */
  const movementsOf = (productId: string): Promise<Json[]> =>
    allItems(request, `/inventory/products/${productId}/movements`);

  const reservationStatus = async (reservationId: string): Promise<string> =>
    (await request('GET', `/inventory/reservations/${reservationId}`)).body.status;

  /**
   * The ledger accounts for the stock: it starts with the initial stock, read oldest to newest each
   * movement's quantityAfter is the running total of the deltas, and the total is the product's stock
   * now. Answers both (movements newest first).
   */
  async function expectLedgerBalances(productId: string): Promise<{ stock: number; movements: Json[] }> {
    const stock = await stockOf(productId);
    const movements = await movementsOf(productId);
    expect({ productId, first: movements.at(-1)?.reason }).toEqual({ productId, first: 'initial' });
    let running = 0;
    const chain = [...movements].reverse().map((m) => {
      running += m.delta;
      return { movementId: m.movementId, quantityAfter: m.quantityAfter, running };
    });
    expect(chain).toEqual(chain.map((link) => ({ ...link, quantityAfter: link.running })));
    expect({ productId, ledgerTotal: running }).toEqual({ productId, ledgerTotal: stock });
    return { stock, movements };
  }

  return { createProduct, product, stockOf, movementsOf, reservationStatus, expectLedgerBalances };
}

export type InventoryClient = ReturnType<typeof inventoryClient>;
