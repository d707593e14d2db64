import type { ComponentChildren } from 'preact';
import { useMemo } from 'preact/hooks';
import { can } from '../auth.ts';
import { Chart } from '../components/chart.tsx';
import { Empty, ErrorBox, Link, Loading } from '../components/ui.tsx';
import { openReorders, productsPage, reportToday, salesReport } from '../data.ts';
import {
  addDays,
  formatAmount,
  formatDateTime,
  formatDay,
  formatInteger,
  formatMoney,
  today,
} from '../format.ts';
import { useLoad, useTitle } from '../hooks.ts';
import type { SalesReport } from '../types.ts';

/** Home: today's sales, 30 days of revenue, top products, low stock and open reorders. */
export function Home() {
  useTitle('Início');
  return (
    <>
      <h1>Início</h1>
      {can('sales/report') ? <SalesOverview /> : null}
      {can('inventory/read') ? <StockOverview /> : null}
    </>
  );
}

/**
 * Every day of the report's period, those without sales at zero (byDay lists only days with orders or
 * returns), keyed as the API keys its days.
 */
function everyDay(report: SalesReport): NonNullable<SalesReport['byDay']> {
  const given = new Map((report.byDay ?? []).map((d) => [d.day, d]));
  const first = report.from.slice(0, 10);
  const last = new Date(Date.parse(report.to) - 1).toISOString().slice(0, 10);
  const days: NonNullable<SalesReport['byDay']> = [];
  for (let day = first; day <= last && days.length <= 366; day = addDays(day, 1)) {
    days.push(
      given.get(day) ?? { day, orders: 0, revenue: { amount: 0, currency: report.revenue.currency } },
    );
  }
  // A day the API names outside the period (it should not) is still shown.
  for (const d of given.values()) if (!days.some((x) => x.day === d.day)) days.push(d);
  return days.sort((a, b) => a.day.localeCompare(b.day));
}

export function RevenueByDay(props: { report: SalesReport; label: string }) {
  const days = useMemo(() => everyDay(props.report), [props.report]);
  const x = useMemo(() => days.map((_, i) => i), [days]);
  const y = useMemo(() => days.map((d) => d.revenue.amount), [days]);
  const currency = props.report.revenue.currency;
  if (props.report.byDay === undefined) {
    return <Empty>A API ainda não devolve a receita por dia (byDay) no relatório.</Empty>;
  }
  if (props.report.byDay.length === 0) return <Empty>Nenhuma venda no período.</Empty>;
  return (
    <Chart
      label={props.label}
      kind="bars"
      x={x}
      y={y}
      xLabel={(i) => formatDay(days[i]?.day ?? '').slice(0, 5)}
      yLabel={(v) => formatAmount(v, currency)}
    />
  );
}

function SalesOverview() {
  const from = addDays(today(), -29);
  const todays = useLoad(reportToday, []);
  const month = useLoad(() => salesReport(from, today()), [from]);
  const top = useMemo(
    () => [...(month.data?.byProduct ?? [])].sort((a, b) => b.revenue.amount - a.revenue.amount).slice(0, 5),
    [month.data],
  );
  return (
    <>
      <section aria-labelledby="today-title">
        <h2 id="today-title">Hoje</h2>
        {todays.loading && !todays.data ? <Loading /> : null}
        {todays.error ? <ErrorBox error={todays.error} /> : null}
        {todays.data ? (
          <dl class="cards">
            <div>
              <dt>Pedidos hoje</dt>
              <dd data-testid="orders-today">{formatInteger(todays.data.orders)}</dd>
            </div>
            <div>
              <dt>Receita hoje</dt>
              <dd data-testid="revenue-today">{formatMoney(todays.data.revenue)}</dd>
            </div>
            <div>
              <dt>Unidades hoje</dt>
              <dd>{formatInteger(todays.data.units)}</dd>
            </div>
          </dl>
        ) : null}
      </section>
      <section aria-labelledby="month-title">
        <h2 id="month-title">Receita por dia — últimos 30 dias</h2>
        {month.loading && !month.data ? <Loading /> : null}
        {month.error ? <ErrorBox error={month.error} /> : null}
        {month.data ? (
          <>
            <p>
              {formatInteger(month.data.orders)} {month.data.orders === 1 ? 'pedido' : 'pedidos'},{' '}
              {formatMoney(month.data.revenue)} de {formatDay(from)} a {formatDay(today())}.
            </p>
            <RevenueByDay report={month.data} label="Receita por dia nos últimos 30 dias" />
            <h3>Produtos mais vendidos</h3>
            <ProductSales
              rows={top}
              empty="Nenhuma venda nos últimos 30 dias."
              name={(row) =>
                can('inventory/read') ? (
                  <Link to={`products/${row.productId}`}>{row.name ?? row.productId}</Link>
                ) : (
                  (row.name ?? row.productId)
                )
              }
            />
          </>
        ) : null}
      </section>
    </>
  );
}

function StockOverview() {
  const low = useLoad(() => productsPage({ lowStock: true, limit: 25 }), []);
  const reorders = useLoad(openReorders, []);
  // A reorder names only its product's id; it was opened when stock ran low, so the low-stock list
  // usually has the name (a product whose stock was raised since shows its id).
  const lowNames = new Map(low.data?.items.map((p) => [p.productId, p.name]) ?? []);
  return (
    <>
      <section aria-labelledby="low-title">
        <h2 id="low-title">Estoque no ponto de reposição ou abaixo</h2>
        {low.loading && !low.data ? <Loading /> : null}
        {low.error ? <ErrorBox error={low.error} /> : null}
        {low.data && low.data.items.length === 0 ? <Empty>Nenhum produto com estoque baixo.</Empty> : null}
        {low.data && low.data.items.length > 0 ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Produto</th>
                <th scope="col">SKU</th>
                <th scope="col" class="n">
                  Estoque
                </th>
                <th scope="col" class="n">
                  Ponto de reposição
                </th>
              </tr>
            </thead>
            <tbody>
              {low.data.items.map((p) => (
                <tr key={p.productId}>
                  <td>
                    <Link to={`products/${p.productId}`}>{p.name}</Link>
                  </td>
                  <td>{p.sku}</td>
                  <td class="n">{formatInteger(p.quantity)}</td>
                  <td class="n">{formatInteger(p.reorderPoint)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {low.data?.nextCursor ? (
          <p>
            <Link to="products?lowStock=1">Ver todos com estoque baixo</Link>
          </p>
        ) : null}
      </section>
      <section aria-labelledby="reorders-title">
        <h2 id="reorders-title">Pedidos de reposição abertos</h2>
        {reorders.loading && !reorders.data ? <Loading /> : null}
        {reorders.error ? <ErrorBox error={reorders.error} /> : null}
        {reorders.data && reorders.data.length === 0 ? (
          <Empty>Nenhum pedido de reposição aberto.</Empty>
        ) : null}
        {reorders.data && reorders.data.length > 0 ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Produto</th>
                <th scope="col" class="n">
                  Quantidade
                </th>
                <th scope="col">Aberto em</th>
              </tr>
            </thead>
            <tbody>
              {reorders.data.map((r) => (
                <tr key={r.reorderId}>
                  <td>
                    <Link to={`products/${r.productId}`}>
                      {lowNames.has(r.productId)
                        ? `${lowNames.get(r.productId)} (${r.productId})`
                        : r.productId}
                    </Link>
                  </td>
                  <td class="n">{formatInteger(r.quantity)}</td>
                  <td>{formatDateTime(r.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </>
  );
}

type ProductRow = SalesReport['byProduct'][number];

/** Units and revenue by product, as the home screen and the reports show them. */
export function ProductSales(props: {
  rows: readonly ProductRow[];
  empty: string;
  label?: string;
  name: (row: ProductRow) => ComponentChildren;
}) {
  if (props.rows.length === 0) return <Empty>{props.empty}</Empty>;
  return (
    <table aria-label={props.label}>
      <thead>
        <tr>
          <th scope="col">Produto</th>
          <th scope="col" class="n">
            Unidades
          </th>
          <th scope="col" class="n">
            Receita
          </th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr key={row.productId}>
            <td>{props.name(row)}</td>
            <td class="n">{formatInteger(row.units)}</td>
            <td class="n">{formatMoney(row.revenue)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
