import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The lint step's import rules, which biome does not check:
 * 1. no import cycles among the project's own modules (`import type` included: a cycle of types is
 *    still two modules that cannot be understood apart);
 * 2. nothing under lib/ imports or names a file in functions/: lib/ is shared by every service and
 *    knows none of them (the catalogue of handler files lives in functions/catalogue.ts).
 * madge would do the first, but it needs the TypeScript 5 compiler API and this project is on
 * TypeScript 7, so imports are read with a regex and resolved as Node does: relative paths and the
 * package.json "imports" aliases (`#lib/*` …); packages are not followed.
 *
 * Run: node scripts/check-imports.ts   (exits 1 on a violation)
 */

const ROOT = resolve(import.meta.dirname, '..');
const SOURCE_DIRS = ['lib', 'functions', 'local', 'cdk', 'events', 'test', 'bench', 'scripts'];
const EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];
const SKIP_DIRS = new Set(['node_modules', 'cdk.out', '.data', 'results']);

/** `import … from 'x'`, `export … from 'x'`, `import 'x'` at a statement start, and `import('x')`. */
const STATIC_IMPORT = /^\s*(?:import\s*|(?:import|export)\b[^'"`;]*?\bfrom\s*)(['"])([^'"\n]+)\1/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*(['"])([^'"\n]+)\1\s*\)/g;
/** A path into functions/ however it is spelled: `#functions/…`, `../functions/…`, `functions/…`. */
const NAMES_FUNCTIONS = /(?<![\w.-])(?:#|(?:\.\.?\/)+)?functions\/[\w.-]/g;

export function importSpecifiers(source: string): string[] {
  const found: string[] = [];
  for (const pattern of [STATIC_IMPORT, DYNAMIC_IMPORT]) {
    for (const match of source.matchAll(pattern)) if (match[2]) found.push(match[2]);
  }
  return found;
}

type Aliases = Record<string, string>;

/** The file a specifier names, or undefined for a package, a builtin, or a file outside the tree. */
export function resolveSpecifier(
  specifier: string,
  fromFile: string,
  aliases: Aliases,
  exists: (path: string) => boolean = isFile,
): string | undefined {
  let target: string | undefined;
  if (specifier.startsWith('./') || specifier.startsWith('../')) {
    target = resolve(dirname(fromFile), specifier);
  } else if (specifier.startsWith('#')) {
    for (const [pattern, replacement] of Object.entries(aliases)) {
      const star = pattern.indexOf('*');
      if (star < 0 ? specifier !== pattern : !specifier.startsWith(pattern.slice(0, star))) continue;
      const rest = star < 0 ? '' : specifier.slice(star);
      target = resolve(ROOT, replacement.replace('*', rest));
      break;
    }
  }
  if (target === undefined) return undefined;
  for (const candidate of [target, ...EXTENSIONS.map((e) => target + e), join(target, 'index.ts')]) {
    if (exists(candidate)) return candidate;
  }
  return undefined;
}

/** Each cycle once, as the files along it, the first repeated at the end (Tarjan's components). */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;

  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node)!, index.get(to)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component = new Set<string>();
    let member: string | undefined;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.add(member);
    } while (member !== node);
    if (component.size > 1 || graph.get(node)?.includes(node))
      cycles.push(pathWithin(graph, node, component));
  };

  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return cycles;
}

/** A shortest way from `start` back to itself inside one strongly connected component. */
function pathWithin(graph: ReadonlyMap<string, readonly string[]>, start: string, component: Set<string>) {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const to of graph.get(node) ?? []) {
      if (!component.has(to)) continue;
      if (to === start) {
        const path = [start];
        for (let at = node; at !== start; at = cameFrom.get(at)!) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!cameFrom.has(to)) {
        cameFrom.set(to, node);
        queue.push(to);
      }
    }
  }
  return [start, start];
}

/** Lines of a lib/ file that name a path in functions/ (an import, a handler path, a comment). */
export function namesOfFunctions(source: string): { line: number; text: string }[] {
  return source
    .split('\n')
    .map((text, i) => ({ line: i + 1, text: text.trim() }))
    .filter(({ text }) => text.match(NAMES_FUNCTIONS) !== null);
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIP_DIRS.has(entry.name) ? [] : sourceFiles(path);
    return EXTENSIONS.some((e) => entry.name.endsWith(e)) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function main(): number {
  const aliases: Aliases = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).imports ?? {};
  const files = [...SOURCE_DIRS.flatMap((d) => sourceFiles(join(ROOT, d))), join(ROOT, 'jest.config.ts')];
  const rel = (path: string) => relative(ROOT, path).split(sep).join('/');
  const inLib = (path: string) => rel(path).startsWith('lib/');
  const graph = new Map<string, string[]>();
  const problems: string[] = [];

  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    const targets = importSpecifiers(source)
      .map((specifier) => resolveSpecifier(specifier, file, aliases))
      .filter((target): target is string => target !== undefined);
    graph.set(file, [...new Set(targets)]);
    if (!inLib(file)) continue;
    for (const target of targets) {
      if (rel(target).startsWith('functions/')) problems.push(`${rel(file)} imports ${rel(target)}`);
    }
    for (const { line, text } of namesOfFunctions(source)) {
      problems.push(`${rel(file)}:${line} names a file in functions/: ${text}`);
    }
  }
  for (const cycle of findCycles(graph)) problems.push(`import cycle: ${cycle.map(rel).join(' > ')}`);

  if (problems.length > 0) {
    for (const problem of problems) console.error(`✖ ${problem}`);
    console.error(`${problems.length} import problem(s) in ${files.length} files`);
    return 1;
  }
  console.log(`✔ imports: ${files.length} files, no cycles, nothing in lib/ names functions/`);
  return 0;
}

if (import.meta.main) process.exitCode = main();
