import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Loads again; resolves once the new answer (or its error) is on screen, so a "done" can follow it. */
  reload: () => Promise<void>;
}

/** Runs `load` when `deps` change (and on `reload`), keeping only the newest answer. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const latest = useRef(0);
  const loadNow = useRef(load);
  loadNow.current = load;
  const run = useCallback(async () => {
    const mine = ++latest.current;
    setState((previous) => ({ ...previous, loading: true }));
    try {
      const data = await loadNow.current();
      if (mine === latest.current) setState({ data, loading: false });
    } catch (error) {
      if (mine === latest.current) setState({ error, loading: false });
    }
  }, []);
  // The caller names what the load depends on.
  useEffect(() => {
    void run();
  }, deps);
  return { data: state.data, error: state.error, loading: state.loading, reload: run };
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
