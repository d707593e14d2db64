import { useCallback, useMemo } from 'preact/hooks';
import { ApiError, get, type Page, send } from '../api.ts';
import { can } from '../auth.ts';
import { Chart } from '../components/chart.tsx';
import { ActionStatus, Empty, ErrorBox, Link, Loading } from '../components/ui.tsx';
import { amountForInput, formatAmount, formatDate, formatDateTime, parseAmount } from '../format.ts';
import { type ReloadGroup, useAction, useLoad } from '../hooks.ts';
import type { Price, PriceChange } from '../types.ts';

const CURRENCY = 'BRL';

/** One product's price now, its history (chart and table, with who changed it), and a new price. */
export function PriceDetail(props: { productId: string; group: ReloadGroup }) {
  const path = `/prices/products/${encodeURIComponent(props.productId)}`;
  const price = useLoad(
    () =>
      get<Price>(path).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }),
    [path],
    props.group,
  );
  const history = useLoad(
    () =>
      get<Page<PriceChange>>(`${path}/history`, { limit: 100 }).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) return { items: [], nextCursor: null };
        throw error;
      }),
    [path],
    props.group,
  );
  const points = useMemo(() => [...(history.data?.items ?? [])].reverse(), [history.data]);
  // The last price still holds now: the line runs on to the present.
  const x = useMemo(
    () => [
      ...points.map((p) => Date.parse(p.changedAt) / 1000),
      ...(points.length ? [Date.now() / 1000] : []),
    ],
    [points],
  );
  const y = useMemo(
    () => [...points.map((p) => p.amount), ...points.slice(-1).map((p) => p.amount)],
    [points],
  );
  const span = (x.at(-1) ?? 0) - (x[0] ?? 0);
  const xLabel = useCallback(
    (v: number) => {
      const iso = new Date(v * 1000).toISOString();
      return span < 2 * 86_400 ? formatDateTime(iso).slice(-5) : formatDate(iso);
    },
    [span],
  );
  const currency = price.data?.currency ?? CURRENCY;

  return (
    <section aria-labelledby="detail-title" class="panel">
      <h2 id="detail-title">
        Preço de{' '}
        <Link to={can('inventory/read') ? `products/${encodeURIComponent(props.productId)}` : 'prices'}>
          {props.productId}
        </Link>
      </h2>
      {price.loading && price.data === undefined ? <Loading /> : null}
      {price.error ? <ErrorBox error={price.error} /> : null}
      {price.data === null ? <Empty>Este produto ainda não tem preço.</Empty> : null}
      {price.data ? (
        <dl class="facts">
          <div>
            <dt>Preço de tabela</dt>
            <dd data-testid="list-price">{formatAmount(price.data.listAmount, currency)}</dd>
          </div>
          <div>
            <dt>Preço efetivo</dt>
            <dd data-testid="effective-price">{formatAmount(price.data.amount, currency)}</dd>
          </div>
          <div>
            <dt>Promoção ativa</dt>
            <dd>
              {price.data.promotion
                ? `${price.data.promotion.name} (até ${formatDateTime(price.data.promotion.endsAt)})`
                : 'nenhuma'}
            </dd>
          </div>
        </dl>
      ) : null}
      {can('pricing/write') && price.data !== undefined ? (
        <SetPrice path={path} current={price.data?.listAmount} onDone={props.group.reloadAll} />
      ) : null}
      <h3>Histórico do preço de tabela</h3>
      {history.loading && !history.data ? <Loading /> : null}
      {history.error ? <ErrorBox error={history.error} /> : null}
      {history.data && points.length === 0 ? <Empty>Nenhuma mudança de preço registrada.</Empty> : null}
      {points.length > 0 ? (
        <>
          <Chart
            label={`Preço de tabela de ${props.productId} ao longo do tempo`}
            kind="steps"
            x={x}
            y={y}
            xLabel={xLabel}
            yLabel={(v) => formatAmount(v, currency)}
            height={200}
          />
          <table aria-label="Histórico de preço">
            <thead>
              <tr>
                <th scope="col">Quando</th>
                <th scope="col" class="n">
                  Preço
                </th>
                <th scope="col" class="n">
                  Antes
                </th>
                <th scope="col">Autor</th>
              </tr>
            </thead>
            <tbody>
              {(history.data?.items ?? []).map((change) => (
                <tr key={change.version}>
                  <td>{formatDateTime(change.changedAt)}</td>
                  <td class="n">{formatAmount(change.amount, change.currency)}</td>
                  <td class="n">
                    {change.previousAmount === null
                      ? '—'
                      : formatAmount(change.previousAmount, change.currency)}
                  </td>
                  <td>{change.actor ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}

function SetPrice(props: { path: string; current: number | undefined; onDone: () => Promise<void> }) {
  const action = useAction();
  return (
    <form
      class="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const amount = parseAmount(String(form.get('amount') ?? ''), CURRENCY);
        void action.run(async () => {
          if (amount === undefined || amount < 1) throw new Error('Informe um preço como 12,90.');
          const price = await send<Price>('PUT', props.path, { amount, currency: CURRENCY });
          await props.onDone();
          return `Preço de tabela agora é ${formatAmount(price.listAmount, price.currency)}.`;
        });
      }}
    >
      <label>
        Novo preço de tabela (R$)
        <input
          name="amount"
          inputMode="decimal"
          required
          placeholder="12,90"
          defaultValue={props.current === undefined ? '' : amountForInput(props.current, CURRENCY)}
        />
      </label>
      <button type="submit" class="primary" disabled={action.busy}>
        Definir preço
      </button>
      <ActionStatus {...action} />
    </form>
  );
}
