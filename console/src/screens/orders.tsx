import { useEffect, useState } from 'preact/hooks';
import { caps, get, type Page } from '../api.ts';
import { Badge, Empty, ErrorBox, Link, Loading, More } from '../components/ui.tsx';
import { addDays, formatDateTime, formatDay, formatMoney, startOfDay, today } from '../format.ts';
import { useLoad, useTitle } from '../hooks.ts';
import { setQuery } from '../router.ts';
import type { Order } from '../types.ts';

type Filter = { mode: 'day'; day: string; status: string } | { mode: 'customer'; customer: string };

const filterOf = (query: URLSearchParams): Filter => {
  const customer = query.get('customer') ?? '';
  if (query.get('by') === 'customer' || customer !== '' || !caps().ordersByPeriod) {
    return { mode: 'customer', customer };
  }
  return { mode: 'day', day: query.get('day') || today(), status: query.get('status') ?? '' };
};

const queryOf = (filter: Filter, cursor?: string | null) =>
  filter.mode === 'day'
    ? {
        from: startOfDay(filter.day).toISOString(),
        to: startOfDay(addDays(filter.day, 1)).toISOString(),
        status: filter.status || undefined,
        limit: 25,
        cursor,
      }
    : { customerId: filter.customer, limit: 25, cursor };

const statusLabels: Record<Order['status'], [string, 'ok' | 'warn' | 'muted']> = {
  CONFIRMED: ['confirmado', 'ok'],
  PARTIALLY_RETURNED: ['devolvido em parte', 'warn'],
  RETURNED: ['devolvido', 'muted'],
  CANCELLED: ['cancelado', 'muted'],
};

export const statusBadge = (status: Order['status']) => {
  const [label, tone] = statusLabels[status] ?? [status, 'muted'];
  return <Badge tone={tone}>{label}</Badge>;
};

/** Orders: of a day (default today, São Paulo time) or of a customer, newest first. */
export function Orders(props: { query: URLSearchParams }) {
  useTitle('Pedidos');
  const filter = filterOf(props.query);
  const key = JSON.stringify(filter);
  const ready = filter.mode === 'day' || filter.customer !== '';
  const first = useLoad(
    () => (ready ? get<Page<Order>>('/sales/orders', queryOf(filter)) : Promise.resolve(undefined)),
    [key],
  );
  const [more, setMore] = useState<{ items: Order[]; cursor?: string | null }>({ items: [] });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  useEffect(() => setMore({ items: [] }), [first.data]);
  const items = [...(first.data?.items ?? []), ...more.items];
  const cursor = 'cursor' in more ? more.cursor : first.data?.nextCursor;
  const loadMore = async () => {
    setBusy(true);
    try {
      const page = await get<Page<Order>>('/sales/orders', queryOf(filter, cursor));
      setMore((m) => ({ items: [...m.items, ...page.items], cursor: page.nextCursor }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>Pedidos</h1>
      {caps().ordersByPeriod ? (
        <nav aria-label="Pedidos por" class="tabs">
          <button
            type="button"
            aria-pressed={filter.mode === 'day'}
            onClick={() => setQuery('orders', { day: today() })}
          >
            Por dia
          </button>
          <button
            type="button"
            aria-pressed={filter.mode === 'customer'}
            onClick={() => setQuery('orders', { by: 'customer' })}
          >
            Por cliente
          </button>
        </nav>
      ) : (
        <p class="hint">Esta versão da API lista pedidos só por cliente.</p>
      )}
      {filter.mode === 'day' ? (
        <form
          class="filters"
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            setQuery('orders', {
              day: String(form.get('day') || today()),
              status: String(form.get('status') ?? ''),
            });
          }}
        >
          <label for="orders-day">Dia</label>
          <input id="orders-day" type="date" name="day" defaultValue={filter.day} key={filter.day} required />
          <label for="orders-status">Situação</label>
          <select id="orders-status" name="status" defaultValue={filter.status} key={filter.status}>
            <option value="">Todas</option>
            <option value="CONFIRMED">Confirmados</option>
            <option value="PARTIALLY_RETURNED">Devolvidos em parte</option>
            <option value="RETURNED">Devolvidos</option>
            <option value="CANCELLED">Cancelados</option>
          </select>
          <button type="submit">Mostrar</button>
        </form>
      ) : (
        <form
          class="filters"
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            setQuery('orders', { by: 'customer', customer: String(form.get('customer') ?? '').trim() });
          }}
        >
          <label for="orders-customer">Buscar pedidos do cliente (código)</label>
          <input
            id="orders-customer"
            type="search"
            name="customer"
            defaultValue={filter.customer}
            key={filter.customer}
            required
          />
          <button type="submit">Buscar</button>
        </form>
      )}
      {first.loading && ready ? <Loading label="Buscando pedidos…" /> : null}
      {first.error ? <ErrorBox error={first.error} /> : null}
      {!ready ? <Empty>Informe o código de um cliente para ver seus pedidos.</Empty> : null}
      {ready && first.data && items.length === 0 ? (
        <Empty>
          {filter.mode === 'day'
            ? `Nenhum pedido em ${formatDay(filter.day)}.`
            : `Nenhum pedido do cliente ${filter.customer}.`}
        </Empty>
      ) : null}
      {items.length > 0 ? (
        <table aria-label="Pedidos">
          <thead>
            <tr>
              <th scope="col">Pedido</th>
              <th scope="col" class="n">
                Nota
              </th>
              <th scope="col">Cliente</th>
              <th scope="col">Data</th>
              <th scope="col">Situação</th>
              <th scope="col" class="n">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((order) => (
              <tr key={order.orderId}>
                <td>
                  <Link to={`orders/${encodeURIComponent(order.orderId)}`}>{order.orderId}</Link>
                </td>
                <td class="n">
                  {order.invoiceNumber}
                  <span class="muted"> · série {order.invoiceSeries}</span>
                </td>
                <td>{order.customerId}</td>
                <td>{formatDateTime(order.createdAt)}</td>
                <td>{statusBadge(order.status)}</td>
                <td class="n">{formatMoney(order.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {error ? <ErrorBox error={error} /> : null}
      <More cursor={cursor} busy={busy} onMore={() => void loadMore()} />
    </>
  );
}
