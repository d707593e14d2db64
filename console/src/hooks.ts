import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Loads again; resolves once the new answer (or its error) is on screen, so a "done" can follow it. */
  reload: () => Promise<void>;
}

/** Parts of one screen that read again together after a change made in any of them. */
export interface ReloadGroup {
  join: (reload: () => Promise<void>) => () => void;
  /** Reloads every part; resolves once all of them show their new answers. */
  reloadAll: () => Promise<void>;
}

export function useReloadGroup(): ReloadGroup {
  return useMemo(() => {
    const members = new Set<() => Promise<void>>();
    return {
      join: (reload) => {
        members.add(reload);
        return () => {
          members.delete(reload);
        };
      },
      reloadAll: async () => {
        await Promise.all([...members].map((reload) => reload()));
      },
    };
  }, []);
}

/** Runs `load` when `deps` change (and on `reload`, or the group's), keeping only the newest answer. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[], group?: ReloadGroup): Loaded<T> {
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
  useEffect(() => group?.join(run), [group, run]);
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
  return { ...state, run };
}

/** Sets the document title of a screen. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} — Console da loja`;
  }, [title]);
}
