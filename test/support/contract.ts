import * as z from 'zod';
import { routes as catalogueRoutes } from '#functions/catalogue.ts';
import { type RouteDef, routeKey } from '#lib/catalogue/index.ts';
import { createRouter, type RouteMatch } from '#local/gateway/routes.ts';

/**
 * The documented contract of every answer the e2e clients receive: a success body parses with the
 * response schema its route entry documents for that status (functions/<service>/routes.ts, the same
 * schema the OpenAPI document is generated from), and an error is RFC 9457 problem+json. The shared
 * clients run every answer through it, so each e2e assertion also checks the documentation.
 */

export interface Answer {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: unknown;
}

/** The OpenAPI document's `Problem` (lib/http/openapi.ts); further members are allowed, as there. */
const problemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string(),
  errors: z.array(z.looseObject({ path: z.string(), message: z.string() })).optional(),
});

/**
 * API Gateway's own answers (no route, JWT authorizer, throttling) are `{"message": …}`; only deployed.
 * (Read here, not from ./target.ts, which needs Jest's globals: the benchmark uses this client too.)
 */
const deployed = process.env.E2E_TARGET === 'deployed';
const gatewayMessage = z.strictObject({ message: z.string() });

/** OAuth2's token endpoint answers RFC 6749 errors (`{"error": …}`), not problems. */
const notProblems = new Set(['/oauth2/token']);

export class ContractViolation extends Error {
  override name = 'ContractViolation';
}

const isJson = (answer: Answer) => /^application\/(.+\+)?json\b/i.test(answer.headers['content-type'] ?? '');

const describeIssues = (issues: z.ZodError['issues']): string =>
  issues.map((issue) => `  - ${issue.path.join('.') || '(body)'}: ${issue.message}`).join('\n');

const excerpt = (body: unknown) => {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
};

/** Members of `input` that the schema dropped from its output: fields the documentation does not name. */
function undocumented(input: unknown, output: unknown, path: string[] = []): string[] {
  if (Array.isArray(input) && Array.isArray(output))
    return input.flatMap((item, i) => undocumented(item, output[i], [...path, String(i)]));
  if (!isPlainObject(input) || !isPlainObject(output)) return [];
  return Object.keys(input).flatMap((key) =>
    key in output ? undocumented(input[key], output[key], [...path, key]) : [[...path, key].join('.')],
  );
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function violation(what: string, answer: Answer, detail: string): ContractViolation {
  return new ContractViolation(
    `${what} answered ${answer.status} (${answer.headers['content-type'] ?? 'no content type'}) ` +
      `against its documented contract:\n${detail}\n  body: ${excerpt(answer.body)}`,
  );
}

function checkProblem(what: string, answer: Answer): void {
  if (deployed && gatewayMessage.safeParse(answer.body).success) return;
  if (!/^application\/problem\+json\b/i.test(answer.headers['content-type'] ?? '')) {
    throw violation(what, answer, '  - an error is application/problem+json');
  }
  const parsed = problemSchema.safeParse(answer.body);
  if (!parsed.success) throw violation(what, answer, describeIssues(parsed.error.issues));
  if (parsed.data.status !== answer.status) {
    throw violation(
      what,
      answer,
      `  - status: ${parsed.data.status} in the body, ${answer.status} on the wire`,
    );
  }
}

function checkSuccess(what: string, route: RouteDef, answer: Answer): void {
  if (!Object.hasOwn(route.responses, answer.status)) {
    const documented = Object.keys(route.responses).join(', ');
    throw violation(what, answer, `  - status ${answer.status} is not documented (only ${documented})`);
  }
  const schema = route.responses[answer.status];
  // No JSON body documented, or another representation asked for (the invoice as HTML): nothing to parse.
  if (!schema || (!isJson(answer) && answer.body !== '')) return;
  const parsed = schema.safeParse(answer.body);
  if (!parsed.success) throw violation(what, answer, describeIssues(parsed.error.issues));
  // The document says `additionalProperties: false` (zod objects, io: 'output'): extra fields break it.
  const extra = undocumented(answer.body, parsed.data);
  if (extra.length > 0) {
    throw violation(
      what,
      answer,
      extra.map((path) => `  - ${path}: not in the documented schema`).join('\n'),
    );
  }
}

const routers = new WeakMap<readonly RouteDef[], (method: string, path: string) => RouteMatch>();

/**
 * Throws a ContractViolation, naming the route key, the status and zod's issues, when an answer to
 * `method path` breaks what its route entry documents. Answers of routes outside the catalogue (the
 * local runtime's own tools) are held only to the problem+json rule for errors.
 */
export function checkAnswer(
  method: string,
  path: string,
  answer: Answer,
  routes: readonly RouteDef[] = catalogueRoutes,
): void {
  const router = routers.get(routes) ?? createRouter(routes);
  routers.set(routes, router);
  const rawPath = path.split('?')[0] ?? path;
  const match = router(method, rawPath);
  const what =
    match.kind === 'route'
      ? routeKey({ method: match.route.method, path: match.template })
      : `${method} ${rawPath}`;
  if (answer.status >= 400) {
    if (!notProblems.has(rawPath)) checkProblem(what, answer);
    return;
  }
  if (match.kind === 'route') checkSuccess(what, match.route, answer);
}
