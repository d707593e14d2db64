import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` when `deps` change (and on `reload`), keeping only the newest answer. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  // The caller names what the load depends on.
  useEffect(() => {
    const run = ++latest.current;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => run === latest.current && setState({ data, loading: false }),
      (error: unknown) => run === latest.current && setState({ error, loading: false }),
    );
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** An action's state: running, its error, and a message once it succeeded. */
export function useAction() {
  const [state, setState] = useState<{ busy: boolean; error?: unknown; done?: string }>({ busy: false });
  const run = useCallback(async (action: () => Promise<string | undefined>) => {
    setState({ busy: true });
    try {
      const done = await action();
      setState({ busy: false, ...(done ? { done } : {}) });
      return true;
    } catch (error) {
      setState({ busy: false, error });
      return false;
    }
  }, []);
  const clear = useCallback(() => setState({ busy: false }), []);
  return { ...state, run, clear };
}

/** Sets the document title of a screen. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} — Console da loja`;
  }, [title]);
}
