import { useEffect, useState } from 'preact/hooks';
import { send } from '../api.ts';
import { can } from '../auth.ts';
import { ActionStatus, Empty, ErrorBox, Link, Loading, More } from '../components/ui.tsx';
import { productsPage } from '../data.ts';
import { formatDateTime, formatInteger } from '../format.ts';
import { useAction, useLoad, useTitle } from '../hooks.ts';
import { navigate, setQuery } from '../router.ts';
import type { Product } from '../types.ts';

/** Products: search by SKU or name, the low-stock filter, and a new product. */
export function Products(props: { query: URLSearchParams }) {
  useTitle('Produtos');
  const q = props.query.get('q') ?? '';
  const lowStock = props.query.get('lowStock') === '1';
  const first = useLoad(() => productsPage({ q, lowStock }), [q, lowStock]);
  const [more, setMore] = useState<{ items: Product[]; cursor: string | null | undefined }>({
    items: [],
    cursor: undefined,
  });
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>();
  useEffect(() => setMore({ items: [], cursor: undefined }), [first.data]);
  const items = [...(first.data?.items ?? []), ...more.items];
  const cursor = more.cursor === undefined ? first.data?.nextCursor : more.cursor;

  const loadMore = async () => {
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const page = await productsPage({ q, lowStock, cursor });
      setMore((m) => ({ items: [...m.items, ...page.items], cursor: page.nextCursor }));
    } catch (error) {
      setMoreError(error);
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <>
      <h1>Produtos</h1>
      <form
        class="filters"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          setQuery('products', {
            q: String(form.get('q') ?? '').trim(),
            lowStock: form.get('lowStock') ? '1' : undefined,
          });
        }}
      >
        <label for="product-search">Buscar por SKU ou nome</label>
        <input id="product-search" type="search" name="q" defaultValue={q} key={q} />
        <label class="inline">
          <input type="checkbox" name="lowStock" defaultChecked={lowStock} key={String(lowStock)} /> Só
          estoque baixo
        </label>
        <button type="submit">Buscar</button>
      </form>
      {can('inventory/write') ? <NewProduct /> : null}
      {first.loading ? <Loading label="Buscando produtos…" /> : null}
      {first.error ? <ErrorBox error={first.error} /> : null}
      {!first.loading && first.data && items.length === 0 ? (
        <Empty>
          {q || lowStock ? 'Nenhum produto encontrado com esses filtros.' : 'Nenhum produto cadastrado.'}
        </Empty>
      ) : null}
      {items.length > 0 ? (
        <table aria-label="Produtos">
          <thead>
            <tr>
              <th scope="col">SKU</th>
              <th scope="col">Nome</th>
              <th scope="col" class="n">
                Estoque
              </th>
              <th scope="col" class="n">
                Ponto de reposição
              </th>
              <th scope="col">Atualizado em</th>
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.productId} class={p.quantity <= p.reorderPoint ? 'low' : undefined}>
                <td>{p.sku}</td>
                <td>
                  <Link to={`products/${encodeURIComponent(p.productId)}`}>{p.name}</Link>
                </td>
                <td class="n">{formatInteger(p.quantity)}</td>
                <td class="n">{formatInteger(p.reorderPoint)}</td>
                <td>{formatDateTime(p.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {moreError ? <ErrorBox error={moreError} /> : null}
      <More cursor={cursor} busy={loadingMore} onMore={() => void loadMore()} />
    </>
  );
}

const intOf = (form: FormData, name: string): number => Number(form.get(name) ?? 0);

function NewProduct() {
  const action = useAction();
  return (
    <details class="panel">
      <summary>Novo produto</summary>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          const productId = String(form.get('productId') ?? '').trim();
          void action.run(async () => {
            const created = await send<Product>('POST', '/inventory/products', {
              ...(productId ? { productId } : {}),
              sku: String(form.get('sku') ?? '').trim(),
              name: String(form.get('name') ?? '').trim(),
              quantity: intOf(form, 'quantity'),
              reorderPoint: intOf(form, 'reorderPoint'),
              reorderQuantity: intOf(form, 'reorderQuantity'),
            });
            navigate(`products/${encodeURIComponent(created.productId)}`);
            return undefined;
          });
        }}
      >
        <div class="grid">
          <label>
            Código (opcional)
            <input name="productId" pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,63}" />
          </label>
          <label>
            SKU
            <input name="sku" required maxLength={64} />
          </label>
          <label>
            Nome
            <input name="name" required maxLength={200} />
          </label>
          <label>
            Estoque inicial
            <input name="quantity" type="number" min={0} max={1000000} step={1} required defaultValue="0" />
          </label>
          <label>
            Ponto de reposição
            <input name="reorderPoint" type="number" min={0} max={1000000} step={1} defaultValue="0" />
          </label>
          <label>
            Quantidade de reposição
            <input name="reorderQuantity" type="number" min={0} max={1000000} step={1} defaultValue="0" />
          </label>
        </div>
        <button type="submit" class="primary" disabled={action.busy}>
          Criar produto
        </button>
        <ActionStatus {...action} busyLabel="Criando o produto…" />
      </form>
    </details>
  );
}
