import { useState } from 'preact/hooks';
import { get, type Page, send } from '../api.ts';
import { can } from '../auth.ts';
import { ActionStatus, Badge, ConfirmButton, Empty, ErrorBox, Loading, More } from '../components/ui.tsx';
import { formatAmount, formatDateTime, instantOf, localInputOf, parseAmount } from '../format.ts';
import { type ReloadGroup, useAction, useLoad } from '../hooks.ts';
import type { Promotion } from '../types.ts';

const statusLabel: Record<Promotion['status'], string> = {
  SCHEDULED: 'agendada',
  ACTIVE: 'ativa',
  ENDED: 'encerrada',
};

const discountOf = (p: Promotion) =>
  p.percentOff !== undefined ? `${p.percentOff}%` : formatAmount(p.amountOff ?? 0, 'BRL');

/** Promotions: the list, a new one for some products, and ending one now. */
export function Promotions(props: { defaultProduct: string; group: ReloadGroup }) {
  const first = useLoad(() => get<Page<Promotion>>('/prices/promotions', { limit: 25 }), [], props.group);
  const [more, setMore] = useState<{ items: Promotion[]; cursor?: string | null }>({ items: [] });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const items = [...(first.data?.items ?? []), ...more.items];
  const cursor = 'cursor' in more ? more.cursor : first.data?.nextCursor;
  const refresh = async () => {
    setMore({ items: [] });
    await props.group.reloadAll();
  };
  const loadMore = async () => {
    setBusy(true);
    try {
      const page = await get<Page<Promotion>>('/prices/promotions', { limit: 25, cursor });
      setMore((m) => ({ items: [...m.items, ...page.items], cursor: page.nextCursor }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="promotions-title">
      <h2 id="promotions-title">Promoções</h2>
      {can('pricing/write') ? <NewPromotion defaultProduct={props.defaultProduct} onDone={refresh} /> : null}
      {first.loading && !first.data ? <Loading /> : null}
      {first.error ? <ErrorBox error={first.error} /> : null}
      {first.data && items.length === 0 ? <Empty>Nenhuma promoção.</Empty> : null}
      {items.length > 0 ? (
        <table aria-label="Promoções">
          <thead>
            <tr>
              <th scope="col">Nome</th>
              <th scope="col">Produtos</th>
              <th scope="col">Desconto</th>
              <th scope="col">Início</th>
              <th scope="col">Fim</th>
              <th scope="col">Situação</th>
              <th scope="col">Criada por</th>
              <th scope="col">
                <span class="sr-only">Ações</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <PromotionRow key={p.promotionId} promotion={p} onDone={refresh} />
            ))}
          </tbody>
        </table>
      ) : null}
      {error ? <ErrorBox error={error} /> : null}
      <More cursor={cursor} busy={busy} onMore={() => void loadMore()} />
    </section>
  );
}

function PromotionRow(props: { promotion: Promotion; onDone: () => Promise<void> }) {
  const p = props.promotion;
  const action = useAction();
  return (
    <tr>
      <td>{p.name}</td>
      <td>{p.productIds.join(', ')}</td>
      <td>{discountOf(p)}</td>
      <td>{formatDateTime(p.startsAt)}</td>
      <td>{formatDateTime(p.endedAt ?? p.endsAt)}</td>
      <td>
        <Badge tone={p.status === 'ACTIVE' ? 'ok' : p.status === 'SCHEDULED' ? 'warn' : 'muted'}>
          {statusLabel[p.status]}
        </Badge>
        {p.endedBy ? <span class="muted"> por {p.endedBy}</span> : null}
      </td>
      <td>{p.createdBy ?? '—'}</td>
      <td>
        {can('pricing/write') && p.status !== 'ENDED' ? (
          <ConfirmButton
            label={`Encerrar ${p.name}`}
            question={`Encerrar a promoção "${p.name}" agora? Os preços voltam ao de tabela.`}
            confirmLabel="Encerrar promoção"
            danger
            disabled={action.busy}
            onConfirm={() =>
              void action.run(async () => {
                await send('DELETE', `/prices/promotions/${encodeURIComponent(p.promotionId)}`);
                await props.onDone();
                return undefined;
              })
            }
          />
        ) : null}
        <ActionStatus {...action} busyLabel="Encerrando…" />
      </td>
    </tr>
  );
}

function NewPromotion(props: { defaultProduct: string; onDone: () => Promise<void> }) {
  const action = useAction();
  const [kind, setKind] = useState<'percent' | 'amount'>('percent');
  const now = new Date();
  return (
    <details class="panel">
      <summary>Nova promoção</summary>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const formElement = event.currentTarget;
          const form = new FormData(formElement);
          void action.run(async () => {
            const value = String(form.get('value') ?? '');
            const discount =
              kind === 'percent' ? { percentOff: Number(value) } : { amountOff: parseAmount(value, 'BRL') };
            if (kind === 'amount' && discount.amountOff === undefined) {
              throw new Error('Informe o desconto como 2,50.');
            }
            const created = await send<Promotion>('POST', '/prices/promotions', {
              name: String(form.get('name') ?? '').trim(),
              productIds: String(form.get('productIds') ?? '')
                .split(/[\s,]+/)
                .filter(Boolean),
              ...discount,
              startsAt: instantOf(String(form.get('startsAt'))).toISOString(),
              endsAt: instantOf(String(form.get('endsAt'))).toISOString(),
            });
            formElement.reset();
            await props.onDone();
            return `Promoção "${created.name}" criada.`;
          });
        }}
      >
        <div class="grid">
          <label>
            Nome
            <input name="name" required maxLength={200} />
          </label>
          <label>
            Produtos (códigos separados por vírgula)
            <input name="productIds" required defaultValue={props.defaultProduct} />
          </label>
          <fieldset>
            <legend>Tipo de desconto</legend>
            <label class="inline">
              <input
                type="radio"
                name="kind"
                value="percent"
                checked={kind === 'percent'}
                onChange={() => setKind('percent')}
              />{' '}
              Percentual
            </label>
            <label class="inline">
              <input
                type="radio"
                name="kind"
                value="amount"
                checked={kind === 'amount'}
                onChange={() => setKind('amount')}
              />{' '}
              Valor (R$)
            </label>
          </fieldset>
          <label>
            {kind === 'percent' ? 'Desconto (%)' : 'Desconto (R$)'}
            <input
              key={kind}
              name="value"
              {...(kind === 'percent'
                ? { type: 'number', min: 1, max: 99, step: 1 }
                : { inputMode: 'decimal' as const, placeholder: '2,50' })}
              required
            />
          </label>
          <label>
            Início (horário de Brasília)
            <input name="startsAt" type="datetime-local" required defaultValue={localInputOf(now)} />
          </label>
          <label>
            Fim (horário de Brasília)
            <input
              name="endsAt"
              type="datetime-local"
              required
              defaultValue={localInputOf(new Date(now.getTime() + 7 * 86_400_000))}
            />
          </label>
        </div>
        <button type="submit" class="primary" disabled={action.busy}>
          Criar promoção
        </button>
        <ActionStatus {...action} busyLabel="Criando a promoção…" />
      </form>
    </details>
  );
}
