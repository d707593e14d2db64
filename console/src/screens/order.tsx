import { useRef, useState } from 'preact/hooks';
import { caps, get, request, send } from '../api.ts';
import { can } from '../auth.ts';
import { ActionStatus, ConfirmButton, Empty, ErrorBox, Link, Loading } from '../components/ui.tsx';
import { formatAmount, formatDateTime, formatInteger, formatMoney } from '../format.ts';
import { useAction, useLoad, useTitle } from '../hooks.ts';
import type { Order } from '../types.ts';
import { statusBadge } from './orders.tsx';
import { ReturnForm } from './return-form.tsx';

/** An order: lines, totals, invoice number, status, returns; cancel and return; the printable receipt. */
export function OrderPage(props: { orderId: string }) {
  const path = `/sales/orders/${encodeURIComponent(props.orderId)}`;
  const order = useLoad(() => get<Order>(path), [path]);
  const cancel = useAction();
  const [notice, setNotice] = useState<string>();
  useTitle(order.data ? `Pedido ${order.data.invoiceNumber}` : 'Pedido');
  const o = order.data;
  // What was not returned can still be cancelled or returned (API.md, Sales).
  const refundable = (o?.status === 'CONFIRMED' || o?.status === 'PARTIALLY_RETURNED') && can('sales/refund');
  const refunded = (o?.returns ?? []).reduce((sum, r) => sum + r.refund.amount, 0);

  return (
    <>
      <p class="crumbs">
        <Link to="orders">Pedidos</Link> › {props.orderId}
      </p>
      <h1>{o ? `Pedido ${o.orderId}` : 'Pedido'}</h1>
      {order.loading && !o ? <Loading /> : null}
      {order.error ? <ErrorBox error={order.error} /> : null}
      {o ? (
        <>
          <dl class="facts">
            <div>
              <dt>Situação</dt>
              <dd data-testid="status">{statusBadge(o.status)}</dd>
            </div>
            <div>
              <dt>Nota fiscal nº</dt>
              <dd data-testid="invoice-number">{o.invoiceNumber}</dd>
            </div>
            <div>
              <dt>Série</dt>
              <dd data-testid="invoice-series">{o.invoiceSeries}</dd>
            </div>
            <div>
              <dt>Cliente</dt>
              <dd>
                <Link to={`orders?customer=${encodeURIComponent(o.customerId)}`}>{o.customerId}</Link>
              </dd>
            </div>
            <div>
              <dt>Data</dt>
              <dd>{formatDateTime(o.createdAt)}</dd>
            </div>
            <div>
              <dt>Total</dt>
              <dd data-testid="total">{formatMoney(o.total)}</dd>
            </div>
            {o.cancelledAt ? (
              <div>
                <dt>Cancelado em</dt>
                <dd>{formatDateTime(o.cancelledAt)}</dd>
              </div>
            ) : null}
            {o.refund ? (
              <div>
                <dt>Reembolso</dt>
                <dd>
                  {formatMoney(o.refund.amount)} ({o.refund.status === 'REFUNDED' ? 'feito' : 'pendente'})
                </dd>
              </div>
            ) : null}
          </dl>
          <table aria-label="Itens do pedido">
            <thead>
              <tr>
                <th scope="col">Produto</th>
                <th scope="col" class="n">
                  Qtd.
                </th>
                <th scope="col" class="n">
                  Preço unitário
                </th>
                <th scope="col" class="n">
                  Total do item
                </th>
              </tr>
            </thead>
            <tbody>
              {o.lines.map((line) => (
                <tr key={line.productId}>
                  <td>
                    {line.name ?? line.productId}
                    {line.priceChanged ? <span class="muted"> (preço mudou)</span> : null}
                  </td>
                  <td class="n">{formatInteger(line.quantity)}</td>
                  <td class="n">{formatAmount(line.unitAmount, o.total.currency)}</td>
                  <td class="n">{formatAmount(line.lineTotal, o.total.currency)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={3}>
                  Total
                </th>
                <td class="n">{formatMoney(o.total)}</td>
              </tr>
            </tfoot>
          </table>
          <Returns order={o} />
          <div class="actions">
            {refundable ? (
              <ConfirmButton
                label="Cancelar pedido"
                question={`Cancelar o pedido ${o.orderId} (nota nº ${o.invoiceNumber}, série ${o.invoiceSeries})? O cliente é reembolsado em ${formatMoney({ amount: o.total.amount - refunded, currency: o.total.currency })} e o estoque volta.`}
                confirmLabel="Sim, cancelar"
                danger
                disabled={cancel.busy}
                onConfirm={() =>
                  void cancel.run(async () => {
                    await send<Order>('POST', `${path}/cancel`);
                    await order.reload();
                    setNotice('Pedido cancelado.');
                    return undefined;
                  })
                }
              />
            ) : null}
          </div>
          <ActionStatus {...cancel} busyLabel="Cancelando…" />
          {notice && !cancel.busy && !cancel.error ? (
            <p class="done" role="status">
              {notice}
            </p>
          ) : null}
          {refundable && caps().returns ? (
            <ReturnForm
              order={o}
              path={path}
              onDone={async (message) => {
                await order.reload();
                setNotice(message);
              }}
            />
          ) : null}
          <Receipt path={`${path}/invoice`} />
        </>
      ) : null}
    </>
  );
}

function Returns(props: { order: Order }) {
  const returns = props.order.returns;
  if (returns === undefined) return null;
  const nameOf = (productId: string) =>
    props.order.lines.find((line) => line.productId === productId)?.name ?? productId;
  return (
    <section aria-labelledby="returns-title">
      <h2 id="returns-title">Devoluções</h2>
      {returns.length === 0 ? <Empty>Nenhuma devolução.</Empty> : null}
      {returns.length > 0 ? (
        <table aria-label="Devoluções">
          <thead>
            <tr>
              <th scope="col">Nota de crédito</th>
              <th scope="col">Itens</th>
              <th scope="col">Voltou ao estoque</th>
              <th scope="col" class="n">
                Reembolso
              </th>
              <th scope="col">Motivo</th>
              <th scope="col">Autor</th>
              <th scope="col">Quando</th>
            </tr>
          </thead>
          <tbody>
            {returns.map((r) => (
              <tr key={r.returnId}>
                <td>{r.creditNoteNumber}</td>
                <td>{r.lines.map((l) => `${l.quantity} × ${nameOf(l.productId)}`).join(', ')}</td>
                <td>{r.restock ? 'sim' : 'não'}</td>
                <td class="n">{formatMoney(r.refund)}</td>
                <td>{r.reason ?? '—'}</td>
                <td>{r.actor ?? '—'}</td>
                <td>{formatDateTime(r.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

/**
 * The API's own printable receipt (pt-BR, R$, the seller's CNPJ), fetched with the token and shown in a
 * sandboxed frame (no scripts run in it) that prints on its own.
 */
function Receipt(props: { path: string }) {
  const [html, setHtml] = useState<string>();
  const frame = useRef<HTMLIFrameElement>(null);
  const action = useAction();
  return (
    <section aria-labelledby="receipt-title">
      <h2 id="receipt-title">Recibo</h2>
      <div class="actions">
        <button
          type="button"
          disabled={action.busy}
          onClick={() =>
            void action.run(async () => {
              const response = await request('GET', props.path, { accept: 'text/html' });
              setHtml(await response.text());
              return undefined;
            })
          }
        >
          Mostrar recibo
        </button>
        {html ? (
          <button type="button" class="primary" onClick={() => frame.current?.contentWindow?.print()}>
            Imprimir recibo
          </button>
        ) : null}
      </div>
      <ActionStatus {...action} busyLabel="Buscando o recibo…" />
      {html ? (
        <iframe
          ref={frame}
          class="receipt"
          title="Recibo do pedido"
          sandbox="allow-same-origin allow-modals"
          srcDoc={html}
        />
      ) : null}
    </section>
  );
}
