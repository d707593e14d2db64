import { useRef } from 'preact/hooks';
import { send } from '../api.ts';
import { ActionStatus, ConfirmButton } from '../components/ui.tsx';
import { formatMoney } from '../format.ts';
import { useAction } from '../hooks.ts';
import type { Order, OrderReturn } from '../types.ts';

const returnedOf = (order: Order, productId: string) =>
  (order.returns ?? [])
    .flatMap((r) => r.lines)
    .reduce((n, l) => (l.productId === productId ? n + l.quantity : n), 0);

/** A return of some units of a confirmed order, with or without restocking, asked once more before it is made. */
export function ReturnForm(props: {
  order: Order;
  path: string;
  onDone: (message: string) => Promise<void>;
}) {
  const action = useAction();
  const formRef = useRef<HTMLFormElement>(null);
  const submit = () => {
    const form = formRef.current;
    if (!form) return;
    if (!form.reportValidity()) return;
    const data = new FormData(form);
    const lines = props.order.lines
      .map((line) => ({
        productId: line.productId,
        quantity: Number(data.get(`qty-${line.productId}`) || 0),
      }))
      .filter((line) => line.quantity > 0);
    const reason = String(data.get('reason') ?? '').trim();
    void action.run(async () => {
      if (lines.length === 0) throw new Error('Informe a quantidade devolvida de pelo menos um item.');
      const made = await send<OrderReturn>('POST', `${props.path}/returns`, {
        returnId: `ret-${crypto.randomUUID()}`,
        lines,
        restock: data.get('restock') === 'on',
        ...(reason ? { reason } : {}),
      });
      formRef.current?.reset();
      await props.onDone(
        `Devolução registrada: nota de crédito ${made.creditNoteNumber}, reembolso de ${formatMoney(made.refund)}.`,
      );
      return undefined;
    });
  };
  return (
    <details class="panel">
      <summary>Registrar devolução</summary>
      <form ref={formRef} onSubmit={(event) => event.preventDefault()}>
        {props.order.lines.map((line) => {
          const left = line.quantity - returnedOf(props.order, line.productId);
          return (
            <label key={line.productId}>
              {line.name ?? line.productId} (até {left})
              <input
                name={`qty-${line.productId}`}
                type="number"
                min={0}
                max={left}
                step={1}
                defaultValue="0"
              />
            </label>
          );
        })}
        <label class="inline">
          <input type="checkbox" name="restock" defaultChecked /> Voltar os itens ao estoque
        </label>
        <label>
          Motivo (opcional)
          <input name="reason" maxLength={200} />
        </label>
        <ConfirmButton
          label="Devolver itens"
          question="Registrar esta devolução? O cliente é reembolsado pelos itens devolvidos."
          confirmLabel="Sim, devolver"
          disabled={action.busy}
          onConfirm={submit}
        />
        <ActionStatus {...action} busyLabel="Registrando a devolução…" />
      </form>
    </details>
  );
}
