import { caps, get, type Page } from './api.ts';
import { addDays, startOfDay, today } from './format.ts';
import type { Product, Reorder, SalesReport } from './types.ts';

/** The calls more than one screen makes. */

export const salesReport = (fromDay: string, toDayInclusive: string): Promise<SalesReport> =>
  get<SalesReport>('/sales/reports/sales', {
    from: startOfDay(fromDay).toISOString(),
    to: startOfDay(addDays(toDayInclusive, 1)).toISOString(),
  });

export const reportToday = () => salesReport(today(), today());

const isLow = (p: Product) => p.quantity <= p.reorderPoint;
const matches = (q: string) => {
  const fold = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
  const needle = fold(q.trim());
  return (p: Product) => fold(p.sku) === needle || fold(p.name).startsWith(needle);
};

/**
 * A page of products, by search (SKU, or the start of a name) and the low-stock filter. The API
 * filters itself when its OpenAPI document lists `q` and `lowStock`; against one that does not yet,
 * the console reads the catalogue page by page and keeps the products that match, the same rule.
 */
export async function productsPage(options: {
  q?: string;
  lowStock?: boolean;
  cursor?: string | null;
  limit?: number;
}): Promise<Page<Product>> {
  const { q, lowStock, limit = 25 } = options;
  const serverFilters = (!q || caps().productSearch) && (!lowStock || caps().lowStockFilter);
  if (serverFilters) {
    return get<Page<Product>>('/inventory/products', {
      limit,
      cursor: options.cursor,
      q: q || undefined,
      lowStock: lowStock ? 'true' : undefined,
    });
  }
  const keep = (p: Product) => (!q || matches(q)(p)) && (!lowStock || isLow(p));
  const items: Product[] = [];
  let cursor = options.cursor ?? null;
  do {
    const page = await get<Page<Product>>('/inventory/products', { limit: 100, cursor });
    items.push(...page.items.filter(keep));
    cursor = page.nextCursor;
  } while (cursor && items.length < limit);
  return { items, nextCursor: cursor };
}

/** Open reorders, all pages (there are few: at most one open per product). */
export async function openReorders(): Promise<Reorder[]> {
  const all: Reorder[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<Reorder> = await get<Page<Reorder>>('/inventory/reorders', {
      status: 'OPEN',
      limit: 100,
      cursor,
    });
    all.push(...page.items.filter((r) => r.status === 'OPEN'));
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}
