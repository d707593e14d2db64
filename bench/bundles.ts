import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { consumers, routes, schedules, streamConsumers } from '#functions/catalogue.ts';
import type { Owner } from '#lib/catalogue/index.ts';
import { repoRoot } from '../test/support/runtime.ts';

export interface FunctionEntry {
  handler: string;
  /** route, consumer, stream, schedule — a handler may serve more than one. */
  kinds: string[];
  owners: Owner[];
}

export interface Bundle extends FunctionEntry {
  file: string;
  minifiedKiB: number;
  gzipKiB: number;
  sourceMapKiB: number;
  /** The biggest contributors to the minified output, by package (KiB). */
  composition: { name: string; kib: number }[];
}

/** Every distinct handler file of the catalogue, with who runs it. */
export function functionEntries(): FunctionEntry[] {
  const entries = new Map<string, { kinds: Set<string>; owners: Set<Owner> }>();
  const add = (handler: string, kind: string, owner: Owner) => {
    const entry = entries.get(handler) ?? { kinds: new Set(), owners: new Set() };
    entry.kinds.add(kind);
    entry.owners.add(owner);
    entries.set(handler, entry);
  };
  for (const r of routes) add(r.handler, 'route', r.owner);
  for (const c of consumers) add(c.handler, 'consumer', c.service);
  for (const s of streamConsumers) add(s.handler, 'stream', s.service);
  for (const s of schedules) add(s.handler, 'schedule', s.service);
  return [...entries].map(([handler, { kinds, owners }]) => ({
    handler,
    kinds: [...kinds],
    owners: [...owners],
  }));
}

/** The banner cdk/constructs/service-function.ts gives every bundle. */
const requireShim =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

const kib = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

/**
 * Bundles as NodejsFunction does with the house settings (ESM, minified, source map without sources,
 * Node 24, module/main fields, the runtime's own @aws-sdk left external), one directory per function
 * so each bundle resolves @aws-sdk from the repository's node_modules like Lambda's runtime provides it.
 */
export async function bundleAll(outDir: string): Promise<Bundle[]> {
  return Promise.all(
    functionEntries().map(async (entry) => {
      const file = join(outDir, entry.handler.replace(/\.ts$/, '').replaceAll('/', '_'), 'index.mjs');
      const result = await build({
        entryPoints: [join(repoRoot, entry.handler)],
        outfile: file,
        bundle: true,
        platform: 'node',
        target: 'node24',
        format: 'esm',
        minify: true,
        sourcemap: true,
        sourcesContent: false,
        mainFields: ['module', 'main'],
        external: ['@aws-sdk/*'],
        banner: { js: requireShim },
        logLevel: 'silent',
        metafile: true,
      });
      return {
        ...entry,
        file,
        minifiedKiB: kib(statSync(file).size),
        gzipKiB: kib(gzipSync(await readFile(file)).length),
        sourceMapKiB: kib(statSync(`${file}.map`).size),
        composition: composition(result.metafile),
      };
    }),
  );
}

/** Output bytes by npm package (zod's locale files apart) or by repository folder. */
function composition(metafile: Metafile, top = 8): { name: string; kib: number }[] {
  const sizes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
      const name = path.includes('node_modules/zod/v4/locales/')
        ? 'zod (locales)'
        : (pkg ?? path.split('/').slice(0, 2).join('/'));
      sizes.set(name, (sizes.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...sizes]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, bytes]) => ({ name, kib: kib(bytes) }));
}
