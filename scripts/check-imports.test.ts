import { findCycles, importSpecifiers, namesOfFunctions, resolveSpecifier } from './check-imports.ts';

describe('import check', () => {
  it('reads static, re-export, side-effect and dynamic imports, not other strings', () => {
    const source = [
      "import type { A } from './a.ts';",
      'import {',
      '  b,',
      '  c,',
      "} from '#lib/b.ts';",
      "export { d } from '../d.ts';",
      "export * from './e.ts';",
      "import './f.ts';",
      "const g = await import('./g.ts');",
      "export const h = 'not-an-import.ts';",
      " * import x from './in-a-comment.ts' is a comment line",
    ].join('\n');

    expect(importSpecifiers(source).sort()).toEqual(
      ['#lib/b.ts', '../d.ts', './a.ts', './e.ts', './f.ts', './g.ts'].sort(),
    );
  });

  it('resolves relative paths and package.json import aliases, and skips packages', () => {
    const files = new Set(['/repo/lib/x.ts', '/repo/lib/y/index.ts', '/repo/functions/z.ts']);
    const exists = (path: string) => files.has(path);
    const aliases = { '#lib/*': './lib/*', '#functions/*': './functions/*' };
    const from = '/repo/lib/w.ts';

    expect(resolveSpecifier('./x.ts', from, aliases, exists)).toBe('/repo/lib/x.ts');
    expect(resolveSpecifier('./y', from, aliases, exists)).toBe('/repo/lib/y/index.ts');
    expect(resolveSpecifier('zod', from, aliases, exists)).toBeUndefined();
    expect(resolveSpecifier('node:fs', from, aliases, exists)).toBeUndefined();
    expect(resolveSpecifier('./missing.ts', from, aliases, exists)).toBeUndefined();
    // Aliases resolve against the repository root, which is this checkout in the test.
    expect(resolveSpecifier('#functions/z.ts', from, aliases, () => true)).toMatch(/\/functions\/z\.ts$/);
  });

  it('finds every cycle once, self-imports included, and nothing in an acyclic graph', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c', 'd']],
      ['c', ['a']],
      ['d', []],
      ['e', ['e']],
      ['f', ['d']],
    ]);

    expect(findCycles(graph)).toEqual([
      ['a', 'b', 'c', 'a'],
      ['e', 'e'],
    ]);
    expect(
      findCycles(
        new Map([
          ['a', ['b', 'c']],
          ['b', ['c']],
          ['c', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('flags a lib line that names a file in functions/, however spelled', () => {
    const source = [
      "import { x } from '#functions/catalogue.ts';",
      "const handler = 'functions/inventory/handlers/get-product.ts';",
      "import { y } from '../../functions/sales/ports.ts';",
      '// the services (functions/) call this',
      "const ok = 'lib/events/outbox/publish-handler.ts';",
      "const alsoOk = 'my-functions/x';",
    ].join('\n');

    expect(namesOfFunctions(source).map((hit) => hit.line)).toEqual([1, 2, 3]);
  });
});
