import { matchesFilter, type ProductFilter, queryWords, searchSku } from '../domain/search.ts';
import { toProduct } from './items.ts';

/** `a OR b …` as an operand of AND (DynamoDB refuses parentheses that change nothing). */
const grouped = (alternatives: string[]) =>
  alternatives.length > 1 ? `(${alternatives.join(' OR ')})` : alternatives.join('');

/**
 * The FilterExpression of a filtered product listing, on the attributes every product is created
 * with (items.ts `searchAttributes`): `searchSku` equals the folded `q`, or every word of `q` starts
 * a word of `searchName` (its first, or one after a space). A product created before those
 * attributes existed passes the filter and is matched in memory by `passes`: no backfill needed.
 */
export function productFilterExpression(filter: ProductFilter) {
  const conditions: string[] = [];
  const values: Record<string, string> = {};
  if (filter.lowStock === true) conditions.push('quantity <= reorderPoint');
  if (filter.q !== undefined) {
    const alternatives = ['attribute_not_exists(searchName)'];
    const sku = searchSku(filter.q);
    if (sku !== '') {
      values[':sku'] = sku;
      alternatives.push('searchSku = :sku');
    }
    const words = queryWords(filter.q).map((word, i) => {
      values[`:w${i}`] = word;
      values[`:sw${i}`] = ` ${word}`;
      return [`begins_with(searchName, :w${i})`, `contains(searchName, :sw${i})`];
    });
    // AND binds tighter than OR: one word adds its two alternatives, more add one AND of groups.
    if (words.length === 1) alternatives.push(...words[0]!);
    if (words.length > 1) alternatives.push(words.map(grouped).join(' AND '));
    conditions.push(conditions.length > 0 ? grouped(alternatives) : alternatives.join(' OR '));
  }
  return { expression: conditions.join(' AND '), values };
}

/** What DynamoDB's filter let through is a match, unless it has no search attributes: then it is checked here. */
export const passes = (item: Record<string, unknown>, filter: ProductFilter): boolean =>
  item.searchName !== undefined || matchesFilter(toProduct(item), filter);
