import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';
import { ApiError } from '../api.ts';
import { href, navigate } from '../router.ts';

/** A link to another screen that stays in the app (no reload), and still works as a plain link. */
export function Link(props: {
  to: string;
  children: ComponentChildren;
  'aria-label'?: string;
  'aria-current'?: 'page' | undefined;
}) {
  const { to, children, ...rest } = props;
  return (
    <a
      {...rest}
      href={href(to)}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}

/** Work in progress, announced to screen readers. */
export const Loading = (props: { label?: string }) => (
  <p class="loading" role="status">
    <span class="spinner" aria-hidden="true" />
    {props.label ?? 'Carregando…'}
  </p>
);

/** A failed call, with the problem's own `detail` and the fields it names. */
export function ErrorBox(props: { error: unknown }) {
  const { error } = props;
  const detail =
    error instanceof ApiError ? error.detail : error instanceof Error ? error.message : String(error);
  const fields = error instanceof ApiError ? error.errors : [];
  return (
    <div class="error" role="alert">
      <p>
        <strong>Não deu certo:</strong> {detail}
        {error instanceof ApiError && error.status > 0 ? (
          <span class="code">
            {' '}
            ({error.status} {error.code})
          </span>
        ) : null}
      </p>
      {fields.length > 0 ? (
        <ul>
          {fields.map((field) => (
            <li key={field.path}>
              <code>{field.path}</code>: {field.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export const Empty = (props: { children: ComponentChildren }) => <p class="empty">{props.children}</p>;

/** Where an action reports back: progress, its error, or what it did. */
export function ActionStatus(props: { busy: boolean; error?: unknown; done?: string; busyLabel?: string }) {
  if (props.busy) return <Loading label={props.busyLabel ?? 'Salvando…'} />;
  if (props.error) return <ErrorBox error={props.error} />;
  if (props.done)
    return (
      <p class="done" role="status">
        {props.done}
      </p>
    );
  return null;
}

/** A button that asks first, in a modal dialog, before it does something that cannot be undone. */
export function ConfirmButton(props: {
  label: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  danger?: boolean;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button
        type="button"
        class={props.danger ? 'danger' : undefined}
        disabled={props.disabled}
        onClick={() => dialog.current?.showModal()}
      >
        {props.label}
      </button>
      <dialog ref={dialog} aria-label={props.label}>
        <p>{props.question}</p>
        <div class="actions">
          <button type="button" onClick={() => dialog.current?.close()}>
            Voltar
          </button>
          <button
            type="button"
            class={props.danger ? 'danger' : 'primary'}
            onClick={() => {
              dialog.current?.close();
              props.onConfirm();
            }}
          >
            {props.confirmLabel}
          </button>
        </div>
      </dialog>
    </>
  );
}

/** "Load more" under a paginated list. */
export function More(props: { cursor: string | null | undefined; busy: boolean; onMore: () => void }) {
  if (!props.cursor) return null;
  return (
    <p>
      <button type="button" disabled={props.busy} onClick={props.onMore}>
        {props.busy ? 'Carregando…' : 'Carregar mais'}
      </button>
    </p>
  );
}

export const Badge = (props: { tone: 'ok' | 'warn' | 'muted'; children: ComponentChildren }) => (
  <span class={`badge ${props.tone}`}>{props.children}</span>
);
