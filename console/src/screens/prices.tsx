import { useEffect, useState } from 'preact/hooks';
import { get, type Page } from '../api.ts';
import { can } from '../auth.ts';
import { Empty, ErrorBox, Link, Loading, More } from '../components/ui.tsx';
import { formatAmount } from '../format.ts';
import { type ReloadGroup, useLoad, useReloadGroup, useTitle } from '../hooks.ts';
import { setQuery } from '../router.ts';
import type { Price, Product } from '../types.ts';
import { PriceDetail } from './price-detail.tsx';
import { Promotions } from './promotions.tsx';

interface PricedPage {
  items: { product: Product; price: Price | undefined }[];
  nextCursor: string | null;
}

/** A page of products with their prices: two calls (the products, then their prices in one batch). */
async function pricedPage(cursor: string | null | undefined): Promise<PricedPage> {
  const products = await get<Page<Product>>('/inventory/products', { limit: 50, cursor });
  const ids = products.items.map((p) => p.productId);
  const prices =
    ids.length === 0
      ? { items: [] }
      : await get<Page<Price>>('/prices/products', { productIds: ids.join(',') });
  const byId = new Map(prices.items.map((price) => [price.productId, price]));
  return {
    items: products.items.map((product) => ({ product, price: byId.get(product.productId) })),
    nextCursor: products.nextCursor,
  };
}

/** Prices: each product's list and effective price and promotion; one product's history; promotions. */
export function Prices(props: { query: URLSearchParams }) {
  useTitle('Preços');
  const selected = props.query.get('product') ?? '';
  // A change made in one part of the screen (a price, a promotion) is read again by all of them.
  const group = useReloadGroup();
  return (
    <>
      <h1>Preços</h1>
      {selected ? <PriceDetail key={selected} productId={selected} group={group} /> : null}
      {can('inventory/read') ? <PriceList selected={selected} group={group} /> : <ProductPicker />}
      <Promotions defaultProduct={selected} group={group} />
    </>
  );
}

/** Without inventory/read there is no product list to pick from: a product code is typed instead. */
function ProductPicker() {
  return (
    <form
      class="filters"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        setQuery('prices', { product: String(form.get('product') ?? '').trim() });
      }}
    >
      <label for="price-product">Código do produto</label>
      <input id="price-product" name="product" type="search" required />
      <button type="submit">Ver preço</button>
    </form>
  );
}

function PriceList(props: { selected: string; group: ReloadGroup }) {
  const first = useLoad(() => pricedPage(undefined), [], props.group);
  const [more, setMore] = useState<PricedPage>({ items: [], nextCursor: null });
  const [moreLoaded, setMoreLoaded] = useState(false);
  // A new first page starts the list again.
  useEffect(() => {
    setMore({ items: [], nextCursor: null });
    setMoreLoaded(false);
  }, [first.data]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const items = [...(first.data?.items ?? []), ...more.items];
  const cursor = moreLoaded ? more.nextCursor : first.data?.nextCursor;
  const loadMore = async () => {
    setBusy(true);
    try {
      const page = await pricedPage(cursor);
      setMore((m) => ({ items: [...m.items, ...page.items], nextCursor: page.nextCursor }));
      setMoreLoaded(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="list-title">
      <h2 id="list-title">Preços dos produtos</h2>
      {first.loading ? <Loading label="Carregando preços…" /> : null}
      {first.error ? <ErrorBox error={first.error} /> : null}
      {first.data && items.length === 0 ? <Empty>Nenhum produto cadastrado.</Empty> : null}
      {items.length > 0 ? (
        <table aria-label="Preços dos produtos">
          <thead>
            <tr>
              <th scope="col">Produto</th>
              <th scope="col" class="n">
                Preço de tabela
              </th>
              <th scope="col" class="n">
                Preço efetivo
              </th>
              <th scope="col">Promoção ativa</th>
              <th scope="col">
                <span class="sr-only">Ações</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map(({ product, price }) => (
              <tr
                key={product.productId}
                aria-current={product.productId === props.selected ? 'true' : undefined}
              >
                <td>
                  {product.name} <span class="muted">({product.sku})</span>
                </td>
                <td class="n">{price ? formatAmount(price.listAmount, price.currency) : 'sem preço'}</td>
                <td class="n">{price ? formatAmount(price.amount, price.currency) : '—'}</td>
                <td>{price?.promotion ? price.promotion.name : '—'}</td>
                <td>
                  <Link
                    to={`prices?product=${encodeURIComponent(product.productId)}`}
                    aria-label={`Histórico de preço de ${product.name}`}
                  >
                    Histórico
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {error ? <ErrorBox error={error} /> : null}
      <More cursor={cursor} busy={busy} onMore={() => void loadMore()} />
    </section>
  );
}
