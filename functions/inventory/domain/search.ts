/**
 * Finding products (API.md, Inventory: `?q=` and `?lowStock=true`). Text is compared folded:
 * lowercase, accents removed (NFD, combining marks stripped), so "cafe" finds "Café Pilão". A name
 * is the words it is made of (runs of letters and digits; anything else separates them).
 *
 * `q` matches a product when
 * - it is the product's SKU, folded (a barcode scanned at the till), or
 * - every word of `q` is the start of some word of the name, in any order: "cafe", "pil", "Café
 *   Pilão", "pilao 500" and "500g cafe" all find "Café Pilão 500g"; "afe" does not.
 * `lowStock` keeps the products at or below their reorder point.
 */
export interface ProductFilter {
  q?: string;
  lowStock?: boolean;
}

/** Lowercase first (so "İ" folds to "i" too), then decompose and drop the combining marks. */
export const fold = (text: string): string =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '');

/** The folded words of a text, in order. */
export const searchWords = (text: string): string[] =>
  fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');

/** What a product item stores for its name to be searched: its folded words, one space apart. */
export const searchName = (name: string): string => searchWords(name).join(' ');

/** What a product item stores for its SKU to be matched exactly, whatever the case. */
export const searchSku = (sku: string): string => fold(sku.trim());

/** The distinct words of `q` a name must start words with; none when `q` is only punctuation. */
export const queryWords = (q: string): string[] => [...new Set(searchWords(q))];

/** True when some word of `name` (as `searchName` stores it) starts with `word`. */
export const startsAWord = (storedName: string, word: string): boolean =>
  storedName.startsWith(word) || storedName.includes(` ${word}`);

export function matchesQuery(product: { sku: string; name: string }, q: string): boolean {
  if (searchSku(product.sku) === searchSku(q)) return true;
  const words = queryWords(q);
  const name = searchName(product.name);
  return words.length > 0 && words.every((word) => startsAWord(name, word));
}

export const isLowStock = (product: { quantity: number; reorderPoint: number }): boolean =>
  product.quantity <= product.reorderPoint;

export const isFiltered = (filter: ProductFilter): boolean =>
  filter.q !== undefined || filter.lowStock === true;

export const matchesFilter = (
  product: { sku: string; name: string; quantity: number; reorderPoint: number },
  filter: ProductFilter,
): boolean =>
  (filter.lowStock !== true || isLowStock(product)) &&
  (filter.q === undefined || matchesQuery(product, filter.q));
