import { useEffect, useState } from 'preact/hooks';

/**
 * A small history router: every screen has its own address under the console's base path, which a
 * reload or a bookmark brings back (the server answers index.html for each).
 */
const BASE = import.meta.env.BASE_URL;
const listeners = new Set<() => void>();

export interface Location {
  /** The path below the base, without slashes at either end: '', 'products', 'products/p-1'. */
  path: string;
  query: URLSearchParams;
}

const read = (): Location => ({
  path: decodeURI(location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : '').replace(
    /\/+$/,
    '',
  ),
  query: new URLSearchParams(location.search),
});

export const href = (to: string): string => `${BASE}${to}`;

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const target = href(to);
  if (target === location.pathname + location.search) return;
  if (options.replace) history.replaceState(null, '', target);
  else history.pushState(null, '', target);
  window.scrollTo(0, 0);
  for (const listener of listeners) listener();
}

window.addEventListener('popstate', () => {
  for (const listener of listeners) listener();
});

export function useLocation(): Location {
  const [current, setCurrent] = useState(read);
  useEffect(() => {
    const update = () => setCurrent(read());
    listeners.add(update);
    return () => listeners.delete(update);
  }, []);
  return current;
}

/** Replaces the query of the current screen (filters, search) so that it survives a reload. */
export function setQuery(path: string, values: Record<string, string | undefined>): void {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) params.set(key, value);
  const text = params.toString();
  navigate(text ? `${path}?${text}` : path, { replace: true });
}
