import { useMemo } from 'preact/hooks';
import { ErrorBox, Loading } from '../components/ui.tsx';
import { salesReport } from '../data.ts';
import { addDays, daysBetween, formatDay, formatInteger, formatMoney, today } from '../format.ts';
import { useLoad, useTitle } from '../hooks.ts';
import { setQuery } from '../router.ts';
import type { SalesReport } from '../types.ts';
import { ProductSales, RevenueByDay } from './home.tsx';

/** The API takes at most 366 days in one report. */
const MAX_DAYS = 366;

const presets = (): { label: string; from: string; to: string }[] => {
  const t = today();
  return [
    { label: 'Hoje', from: t, to: t },
    { label: 'Últimos 7 dias', from: addDays(t, -6), to: t },
    { label: 'Últimos 30 dias', from: addDays(t, -29), to: t },
    { label: 'Este mês', from: `${t.slice(0, 8)}01`, to: t },
  ];
};

/** A decimal in the pt-BR way (1234,56), as a spreadsheet set to Portuguese reads it from a `;` CSV. */
const decimal = (amount: number) => (amount / 100).toFixed(2).replace('.', ',');
const cell = (value: string | number) => {
  const text = String(value);
  return /[;"\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function reportCsv(report: SalesReport, from: string, to: string): string {
  const rows: (string | number)[][] = [
    ['Relatório de vendas', `${formatDay(from)} a ${formatDay(to)}`],
    ['Pedidos', report.orders],
    ['Unidades', report.units],
    ['Receita (R$)', decimal(report.revenue.amount)],
    ...(report.returns ? [['Devoluções (R$)', decimal(report.returns.amount)]] : []),
    [],
    ['Produto', 'Nome', 'Unidades', 'Receita (R$)'],
    ...report.byProduct.map((p) => [p.productId, p.name ?? '', p.units, decimal(p.revenue.amount)]),
    ...(report.byDay
      ? [
          [],
          ['Dia', 'Pedidos', 'Receita (R$)'],
          ...report.byDay.map((d) => [d.day, d.orders, decimal(d.revenue.amount)]),
        ]
      : []),
  ];
  // The byte-order mark makes spreadsheets read the accents as UTF-8.
  return `\ufeff${rows.map((row) => row.map(cell).join(';')).join('\r\n')}\r\n`;
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Reports: the sales report of a period (days in São Paulo time, both ends included). */
export function Reports(props: { query: URLSearchParams }) {
  useTitle('Relatórios');
  const to = props.query.get('to') || today();
  const from = props.query.get('from') || addDays(to, -29);
  const span = daysBetween(from, to) + 1;
  const valid = span >= 1 && span <= MAX_DAYS;
  const report = useLoad(() => (valid ? salesReport(from, to) : Promise.resolve(undefined)), [from, to]);
  const sorted = useMemo(
    () => [...(report.data?.byProduct ?? [])].sort((a, b) => b.revenue.amount - a.revenue.amount),
    [report.data],
  );
  return (
    <>
      <h1>Relatórios de vendas</h1>
      <form
        class="filters"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          setQuery('reports', { from: String(form.get('from')), to: String(form.get('to')) });
        }}
      >
        <label for="report-from">De</label>
        <input id="report-from" type="date" name="from" defaultValue={from} key={`f${from}`} required />
        <label for="report-to">Até</label>
        <input id="report-to" type="date" name="to" defaultValue={to} key={`t${to}`} required />
        <button type="submit">Gerar relatório</button>
      </form>
      <p class="presets">
        {presets().map((preset) => (
          <button
            key={preset.label}
            type="button"
            onClick={() => setQuery('reports', { from: preset.from, to: preset.to })}
          >
            {preset.label}
          </button>
        ))}
      </p>
      {!valid ? (
        <div class="error" role="alert">
          <p>O período vai de 1 a {MAX_DAYS} dias, com o início antes do fim.</p>
        </div>
      ) : null}
      {report.loading && valid ? <Loading label="Gerando o relatório…" /> : null}
      {report.error ? <ErrorBox error={report.error} /> : null}
      {report.data && !report.loading ? (
        <>
          <h2>
            De {formatDay(from)} a {formatDay(to)}
          </h2>
          <dl class="cards">
            <div>
              <dt>Pedidos</dt>
              <dd data-testid="report-orders">{formatInteger(report.data.orders)}</dd>
            </div>
            <div>
              <dt>Unidades</dt>
              <dd data-testid="report-units">{formatInteger(report.data.units)}</dd>
            </div>
            <div>
              <dt>Receita</dt>
              <dd data-testid="report-revenue">{formatMoney(report.data.revenue)}</dd>
            </div>
            {report.data.returns ? (
              <div>
                <dt>Devoluções</dt>
                <dd>{formatMoney(report.data.returns)}</dd>
              </div>
            ) : null}
          </dl>
          <p>
            <button
              type="button"
              class="primary"
              onClick={() =>
                report.data && download(`vendas-${from}-a-${to}.csv`, reportCsv(report.data, from, to))
              }
            >
              Baixar CSV
            </button>
          </p>
          <h3>Receita por dia</h3>
          <RevenueByDay
            report={report.data}
            label={`Receita por dia de ${formatDay(from)} a ${formatDay(to)}`}
          />
          <h3>Por produto</h3>
          <ProductSales
            rows={sorted}
            empty="Nenhuma venda no período."
            label="Vendas por produto"
            name={(row) => (row.name ? `${row.name} (${row.productId})` : row.productId)}
          />
        </>
      ) : null}
    </>
  );
}
