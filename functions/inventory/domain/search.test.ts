import { fold, matchesFilter, matchesQuery, queryWords, searchName, searchSku } from './search.ts';

const cafe = { sku: '7896089011234', name: 'Café Pilão 500g', quantity: 3, reorderPoint: 5 };

describe('product search', () => {
  it('folds case and accents (NFD, combining marks dropped)', () => {
    expect(fold('Café PILÃO Açúcar Óleo İ')).toBe('cafe pilao acucar oleo i');
    expect(searchName('Sabão em Pó OMO 1,6kg')).toBe('sabao em po omo 1 6kg');
    expect(searchSku(' AbC-1 ')).toBe('abc-1');
    expect(queryWords('  café, CAFE - 500 ')).toEqual(['cafe', '500']);
  });

  it('matches the start of the name, or of any word of it, every word of q in any order', () => {
    for (const q of [
      'cafe',
      'CAFÉ',
      'caf',
      'pilão',
      'PIL',
      '500',
      'cafe pilao',
      'pilao cafe',
      'café-pil',
      '500g café',
    ])
      expect({ q, found: matchesQuery(cafe, q) }).toEqual({ q, found: true });
    for (const q of ['afe', 'ilao', 'cafe x', 'chá', '0g', '-'])
      expect({ q, found: matchesQuery(cafe, q) }).toEqual({ q, found: false });
  });

  it('matches a SKU exactly, whatever its case, but not a part of it', () => {
    const sku = { ...cafe, sku: 'CHA-500', name: 'Chá Mate Leão' };
    expect(matchesQuery(sku, 'cha-500')).toBe(true);
    expect(matchesQuery(sku, 'CHA-50')).toBe(false);
    expect(matchesQuery(cafe, '7896089011234')).toBe(true);
    expect(matchesQuery(cafe, '789608901123')).toBe(false);
  });

  it('keeps products at or below their reorder point with lowStock, both filters together', () => {
    expect(matchesFilter(cafe, { lowStock: true })).toBe(true);
    expect(matchesFilter({ ...cafe, quantity: 5 }, { lowStock: true })).toBe(true);
    expect(matchesFilter({ ...cafe, quantity: 6 }, { lowStock: true })).toBe(false);
    expect(matchesFilter({ ...cafe, quantity: 6 }, { lowStock: false, q: 'cafe' })).toBe(true);
    expect(matchesFilter(cafe, { lowStock: true, q: 'arroz' })).toBe(false);
    expect(matchesFilter(cafe, {})).toBe(true);
  });
});
