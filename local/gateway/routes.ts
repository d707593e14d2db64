import { type RouteDef, routePaths } from '#lib/catalogue/index.ts';

export type RouteMatch =
  /** `template` is the path template that matched: the route's own path or one of its aliases. */
  | { kind: 'route'; route: RouteDef; template: string; pathParameters: Record<string, string> }
  | { kind: 'wrong-method'; allowed: string[] }
  | { kind: 'none' };

interface Compiled {
  route: RouteDef;
  template: string;
  /** A literal segment, or the name of a `{param}`. */
  segments: ({ literal: string } | { param: string })[];
  literals: number;
}

const compile = (route: RouteDef, template: string): Compiled => {
  const segments = template
    .split('/')
    .slice(1)
    .map((part) => {
      const param = /^\{([^}]+)\}$/.exec(part)?.[1];
      return param ? { param } : { literal: part };
    });
  return { route, template, segments, literals: segments.filter((s) => 'literal' in s).length };
};

const decode = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

const matchPath = (compiled: Compiled, parts: string[]): Record<string, string> | undefined => {
  if (parts.length !== compiled.segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of compiled.segments.entries()) {
    const part = decode(parts[i] ?? '');
    if ('literal' in segment) {
      if (segment.literal !== part) return undefined;
    } else {
      // A path parameter is one non-empty segment, as in API Gateway.
      if (part === '') return undefined;
      params[segment.param] = part;
    }
  }
  return params;
};

/**
 * API Gateway's route selection for the catalogue's `METHOD /path/{param}` keys: the most specific
 * template (most literal segments) wins; a path known under other methods is told apart from an
 * unknown one.
 */
export function createRouter(routes: readonly RouteDef[]): (method: string, rawPath: string) => RouteMatch {
  const compiled = routes
    .flatMap((route) => routePaths(route).map((template) => compile(route, template)))
    .sort((a, b) => b.literals - a.literals);
  return (method, rawPath) => {
    const parts = rawPath.split('/').slice(1);
    const allowed = new Set<string>();
    for (const candidate of compiled) {
      const pathParameters = matchPath(candidate, parts);
      if (!pathParameters) continue;
      if (candidate.route.method === method) {
        return { kind: 'route', route: candidate.route, template: candidate.template, pathParameters };
      }
      allowed.add(candidate.route.method);
    }
    return allowed.size > 0 ? { kind: 'wrong-method', allowed: [...allowed].sort() } : { kind: 'none' };
  };
}
