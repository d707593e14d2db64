import { useEffect, useState } from 'preact/hooks';
import { get, type Page } from '../api.ts';
import { Empty, ErrorBox, Loading, More } from '../components/ui.tsx';
import { formatDateTime, formatInteger, signed } from '../format.ts';
import { type ReloadGroup, useLoad } from '../hooks.ts';
import type { Movement } from '../types.ts';

/** A product's stock ledger, newest first, page by page: every change with who made it. */
export function Ledger(props: { path: string; group: ReloadGroup }) {
  const first = useLoad(
    () => get<Page<Movement>>(`${props.path}/movements`, { limit: 20 }),
    [props.path],
    props.group,
  );
  const [more, setMore] = useState<{ items: Movement[]; cursor?: string | null }>({ items: [] });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  useEffect(() => setMore({ items: [] }), [first.data]);
  const items = [...(first.data?.items ?? []), ...more.items];
  const cursor = 'cursor' in more ? more.cursor : first.data?.nextCursor;
  const loadMore = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const page = await get<Page<Movement>>(`${props.path}/movements`, { limit: 20, cursor });
      setMore((m) => ({ items: [...m.items, ...page.items], cursor: page.nextCursor }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="ledger-title">
      <h2 id="ledger-title">Movimentações de estoque</h2>
      {first.loading && !first.data ? <Loading /> : null}
      {first.error ? <ErrorBox error={first.error} /> : null}
      {first.data && items.length === 0 ? <Empty>Nenhuma movimentação.</Empty> : null}
      {items.length > 0 ? (
        <table aria-label="Movimentações de estoque">
          <thead>
            <tr>
              <th scope="col">Quando</th>
              <th scope="col" class="n">
                Variação
              </th>
              <th scope="col" class="n">
                Estoque após
              </th>
              <th scope="col">Motivo</th>
              <th scope="col">Referência</th>
              <th scope="col">Autor</th>
            </tr>
          </thead>
          <tbody>
            {items.map((m) => (
              <tr key={m.movementId}>
                <td>{formatDateTime(m.at)}</td>
                <td class="n">{signed(m.delta)}</td>
                <td class="n">{formatInteger(m.quantityAfter)}</td>
                <td>{m.reason}</td>
                <td>{m.reference ?? '—'}</td>
                <td>{m.actor ?? '—'}</td>
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
