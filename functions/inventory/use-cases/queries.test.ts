import type { ProductFilter } from '../domain/search.ts';
import { makeCreateProduct } from './create-product.ts';
import { FakeClock, fakeStores, sequentialIds } from './fakes.ts';
import { makeQueries } from './queries.ts';

let deps: ReturnType<typeof fakeStores> & { clock: FakeClock; newId: (prefix: string) => string };

beforeEach(() => {
  deps = { ...fakeStores(), clock: new FakeClock(), newId: sequentialIds() };
});

const create = (productId: string, sku: string, name: string, quantity: number, reorderPoint = 0) =>
  makeCreateProduct(deps)({
    productId,
    sku,
    name,
    quantity,
    reorderPoint,
    reorderQuantity: 0,
    actor: 'client:admin',
  });

/** Every product id the filter finds, page by page, and the size of each page. */
async function find(filter: ProductFilter, limit = 100) {
  const queries = makeQueries(deps);
  const ids: string[] = [];
  const sizes: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await queries.products(limit, cursor, filter);
    ids.push(...page.items.map((p) => p.productId));
    sizes.push(page.items.length);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { ids, sizes };
}

describe('finding products', () => {
  beforeEach(async () => {
    await create('cafe-pilao', '7896089011234', 'Café Pilão 500g', 3, 5);
    await create('cafe-melitta', 'MEL-250', 'Café Melitta 250g', 40, 5);
    await create('acucar', '7891910000197', 'Açúcar União 1kg', 0, 0);
    await create('arroz', '7893500020110', 'Arroz Tio João 5kg', 12, 2);
    await create('leite', 'LEI-1', 'Leite Integral Italac 1L', 2, 10);
  });

  it('finds by the start of any word of the name, case- and accent-insensitive, sorted by productId', async () => {
    expect((await find({ q: 'CAFE' })).ids).toEqual(['cafe-melitta', 'cafe-pilao']);
    expect((await find({ q: 'acucar' })).ids).toEqual(['acucar']);
    expect((await find({ q: 'joão' })).ids).toEqual(['arroz']);
    expect((await find({ q: 'pilao cafe' })).ids).toEqual(['cafe-pilao']);
    expect((await find({ q: 'afe' })).ids).toEqual([]);
  });

  it('finds by SKU, whatever its case', async () => {
    expect((await find({ q: 'mel-250' })).ids).toEqual(['cafe-melitta']);
    expect((await find({ q: '7893500020110' })).ids).toEqual(['arroz']);
  });

  it('lists the products at or below their reorder point, and combines both filters', async () => {
    expect((await find({ lowStock: true })).ids).toEqual(['acucar', 'cafe-pilao', 'leite']);
    expect((await find({ lowStock: true, q: 'café' })).ids).toEqual(['cafe-pilao']);
    expect((await find({ lowStock: false })).ids).toHaveLength(5);
  });

  it('fills each page of a filtered listing, and ends with a null cursor', async () => {
    const { ids, sizes } = await find({ lowStock: true }, 2);
    expect(ids).toEqual(['acucar', 'cafe-pilao', 'leite']);
    expect(sizes).toEqual([2, 1]);
  });

  it('takes a cursor of the unfiltered listing: it is a position, matching or not', async () => {
    const queries = makeQueries(deps);
    const first = await queries.products(1);
    expect(first.items.map((p) => p.productId)).toEqual(['acucar']);
    const next = await queries.products(10, first.nextCursor!, { q: 'cafe' });
    expect(next).toEqual({
      items: [
        expect.objectContaining({ productId: 'cafe-melitta' }),
        expect.objectContaining({ productId: 'cafe-pilao' }),
      ],
      nextCursor: null,
    });
  });
});
