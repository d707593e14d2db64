import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, send } from '../api.ts';
import { can } from '../auth.ts';
import { ActionStatus, Empty, ErrorBox, Link, Loading } from '../components/ui.tsx';
import { openReorders } from '../data.ts';
import { formatAmount, formatDateTime, formatInteger } from '../format.ts';
import { useAction, useLoad, useReloadGroup, useTitle } from '../hooks.ts';
import type { Price, Product } from '../types.ts';
import { Ledger } from './ledger.tsx';

const priceOrNone = (productId: string) =>
  get<Price>(`/prices/products/${encodeURIComponent(productId)}`).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  });

/** A product: stock, reorder settings, price, its ledger, and the stock actions. */
export function ProductPage(props: { productId: string }) {
  const { productId } = props;
  const path = `/inventory/products/${encodeURIComponent(productId)}`;
  // A stock action is done once the stock, the open reorders and the ledger all show it.
  const changed = useReloadGroup();
  const product = useLoad(() => get<Product>(path), [path], changed);
  const price = useLoad(
    () => (can('pricing/read') ? priceOrNone(productId) : Promise.resolve(undefined)),
    [productId],
  );
  const reorders = useLoad(
    async () => (await openReorders()).filter((r) => r.productId === productId),
    [productId],
    changed,
  );
  useTitle(product.data ? product.data.name : 'Produto');

  return (
    <>
      <p class="crumbs">
        <Link to="products">Produtos</Link> › {productId}
      </p>
      <h1>{product.data ? product.data.name : 'Produto'}</h1>
      {product.loading && !product.data ? <Loading /> : null}
      {product.error ? <ErrorBox error={product.error} /> : null}
      {product.data ? (
        <dl class="facts">
          <div>
            <dt>SKU</dt>
            <dd>{product.data.sku}</dd>
          </div>
          <div>
            <dt>Estoque</dt>
            <dd data-testid="stock">{formatInteger(product.data.quantity)}</dd>
          </div>
          <div>
            <dt>Ponto de reposição</dt>
            <dd>{formatInteger(product.data.reorderPoint)}</dd>
          </div>
          <div>
            <dt>Quantidade de reposição</dt>
            <dd>{formatInteger(product.data.reorderQuantity)}</dd>
          </div>
          <div>
            <dt>Versão</dt>
            <dd data-testid="version">{product.data.version}</dd>
          </div>
          <div>
            <dt>Atualizado em</dt>
            <dd>{formatDateTime(product.data.updatedAt)}</dd>
          </div>
          {can('pricing/read') ? (
            <div>
              <dt>Preço</dt>
              <dd data-testid="price">
                {price.loading && price.data === undefined ? 'Carregando…' : null}
                {price.error ? 'indisponível' : null}
                {price.data === null ? 'sem preço' : null}
                {price.data ? (
                  <>
                    {formatAmount(price.data.amount, price.data.currency)}
                    {price.data.promotion ? (
                      <>
                        {' '}
                        (tabela {formatAmount(price.data.listAmount, price.data.currency)}; promoção{' '}
                        {price.data.promotion.name})
                      </>
                    ) : null}{' '}
                    <Link to={`prices?product=${encodeURIComponent(productId)}`}>ver preços</Link>
                  </>
                ) : null}
              </dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      {price.error ? <ErrorBox error={price.error} /> : null}

      <section aria-labelledby="reorders-title">
        <h2 id="reorders-title">Reposição aberta</h2>
        {reorders.loading && !reorders.data ? <Loading /> : null}
        {reorders.error ? <ErrorBox error={reorders.error} /> : null}
        {reorders.data && reorders.data.length === 0 ? (
          <Empty>Nenhum pedido de reposição aberto.</Empty>
        ) : null}
        {reorders.data?.map((r) => (
          <ReceiveReorder
            key={r.reorderId}
            reorderId={r.reorderId}
            quantity={r.quantity}
            createdAt={r.createdAt}
            onDone={changed.reloadAll}
          />
        ))}
      </section>

      {product.data && can('inventory/write') ? (
        <div class="two">
          <ChangeStock path={path} onDone={changed.reloadAll} />
          <CountStock path={path} product={product.data} onDone={changed.reloadAll} />
        </div>
      ) : null}

      <Ledger path={path} group={changed} />
    </>
  );
}

function ReceiveReorder(props: {
  reorderId: string;
  quantity: number;
  createdAt: string;
  onDone: () => Promise<void>;
}) {
  const action = useAction();
  return (
    <div class="row">
      <span>
        {formatInteger(props.quantity)} unidades, aberto em {formatDateTime(props.createdAt)}
      </span>
      {can('inventory/write') ? (
        <button
          type="button"
          disabled={action.busy}
          onClick={() =>
            void action.run(async () => {
              await send('POST', `/inventory/reorders/${encodeURIComponent(props.reorderId)}/receive`);
              await props.onDone();
              return 'Reposição recebida.';
            })
          }
        >
          Receber {formatInteger(props.quantity)} unidades
        </button>
      ) : null}
      <ActionStatus {...action} busyLabel="Recebendo…" />
    </div>
  );
}

function ChangeStock(props: { path: string; onDone: () => Promise<void> }) {
  const action = useAction();
  return (
    <form
      class="panel"
      aria-labelledby="change-title"
      onSubmit={(event) => {
        event.preventDefault();
        const formElement = event.currentTarget;
        const form = new FormData(formElement);
        const reference = String(form.get('reference') ?? '').trim();
        void action.run(async () => {
          const updated = await send<Product>('PUT', props.path, {
            delta: Number(form.get('delta')),
            reason: String(form.get('reason') ?? '').trim(),
            ...(reference ? { reference } : {}),
          });
          formElement.reset();
          await props.onDone();
          return `Estoque alterado para ${formatInteger(updated.quantity)}.`;
        });
      }}
    >
      <h2 id="change-title">Alterar estoque</h2>
      <label>
        Variação (ex.: 5 ou -3)
        <input name="delta" type="number" step={1} min={-1000000} max={1000000} required />
      </label>
      <label>
        Motivo
        <input name="reason" required maxLength={100} />
      </label>
      <label>
        Referência (opcional)
        <input name="reference" maxLength={200} />
      </label>
      <button type="submit" class="primary" disabled={action.busy}>
        Aplicar variação
      </button>
      <ActionStatus {...action} />
    </form>
  );
}

/** A count sets the stock at the version that was read: if it changed meanwhile, the API says so (409). */
function CountStock(props: { path: string; product: Product; onDone: () => Promise<void> }) {
  const action = useAction();
  const [readVersion, setReadVersion] = useState(props.product.version);
  // A new read of the product is a new count.
  useEffect(() => setReadVersion(props.product.version), [props.product]);
  return (
    <form
      class="panel"
      aria-labelledby="count-title"
      onSubmit={(event) => {
        event.preventDefault();
        const formElement = event.currentTarget;
        const form = new FormData(formElement);
        void action.run(async () => {
          const updated = await send<Product>('PUT', props.path, {
            quantity: Number(form.get('quantity')),
            expectedVersion: readVersion,
          });
          formElement.reset();
          await props.onDone();
          return `Contagem registrada: estoque ${formatInteger(updated.quantity)}.`;
        });
      }}
    >
      <h2 id="count-title">Contagem de estoque</h2>
      <p class="hint">Conta feita sobre a versão {readVersion} do produto.</p>
      <label>
        Quantidade contada
        <input name="quantity" type="number" step={1} min={0} max={1000000} required />
      </label>
      <button type="submit" class="primary" disabled={action.busy}>
        Registrar contagem
      </button>
      <ActionStatus {...action} />
      {action.error instanceof ApiError && action.error.code === 'version_conflict' ? (
        <p>
          <button
            type="button"
            onClick={() =>
              void action.run(async () => {
                await props.onDone();
                return undefined;
              })
            }
          >
            Recarregar o produto e contar de novo
          </button>
        </p>
      ) : null}
    </form>
  );
}
