/**
 * Builds the console (Vite) into console/dist when it is missing or older than its sources, so that
 * `npm start` serves it with no extra step. Also `npm run build:console`.
 *
 * Several runtimes may start at once (a test run): one builds while the others wait on a lock, and a
 * build is written to a folder of its own and swapped in whole, so nobody serves half a build.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const consoleDir = fileURLToPath(new URL('.', import.meta.url));
export const distDir = join(consoleDir, 'dist');
const STAMP = '.sources-sha256';
const LOCK = join(consoleDir, '.build-lock');
/** A lock older than this was left by a build that died. */
const STALE_LOCK_MS = 180_000;
/** The packages that end up in the bundle, whose versions are part of what is built. */
const BUNDLED = ['preact', 'uplot', 'vite'];

const require = createRequire(import.meta.url);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** A digest of everything the build reads: sources, config, and the bundled packages' versions. */
export function sourcesDigest(): string {
  const hash = createHash('sha256');
  const inputs = [
    join(consoleDir, 'index.html'),
    join(consoleDir, 'vite.config.ts'),
    ...files(join(consoleDir, 'src')),
  ];
  for (const file of inputs.sort()) {
    hash.update(relative(consoleDir, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  for (const name of BUNDLED) {
    const { version } = JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as {
      version: string;
    };
    hash.update(`${name}@${version}\0`);
  }
  return hash.digest('hex');
}

const isFresh = (digest: string): boolean => {
  try {
    return readFileSync(join(distDir, STAMP), 'utf8') === digest && existsSync(join(distDir, 'index.html'));
  } catch {
    return false;
  }
};

async function acquireLock(): Promise<void> {
  const deadline = Date.now() + STALE_LOCK_MS + 10_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    try {
      if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
    } catch {
      // Gone meanwhile: try again.
    }
    if (Date.now() > deadline) throw new Error(`the console build lock ${LOCK} was not released`);
    await sleep(200);
  }
}

function runVite(outDir: string, signal?: AbortSignal): Promise<void> {
  const vite = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [vite, 'build', '--config', join(consoleDir, 'vite.config.ts'), '--outDir', outDir, '--emptyOutDir'],
      { cwd: consoleDir, stdio: ['ignore', 'pipe', 'pipe'], ...(signal ? { signal } : {}) },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`vite build exited with ${code}:\n${output.slice(-4000)}`)),
    );
  });
}

/** Builds the console unless console/dist already holds a build of these sources. */
export async function ensureConsoleBuilt(
  options: { signal?: AbortSignal; force?: boolean } = {},
): Promise<'fresh' | 'built'> {
  let digest = sourcesDigest();
  if (!options.force && isFresh(digest)) return 'fresh';
  await acquireLock();
  const outDir = join(consoleDir, `.dist-${process.pid}-${Date.now()}`);
  try {
    digest = sourcesDigest();
    // Another process may have built it while this one waited.
    if (!options.force && isFresh(digest)) return 'fresh';
    await runVite(outDir, options.signal);
    writeFileSync(join(outDir, STAMP), digest);
    const old = `${distDir}.old-${process.pid}`;
    if (existsSync(distDir)) renameSync(distDir, old);
    renameSync(outDir, distDir);
    rmSync(old, { recursive: true, force: true });
    return 'built';
  } finally {
    rmSync(outDir, { recursive: true, force: true });
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * The same, for callers that cannot wait (the CDK app builds its constructs synchronously): a build
 * in a child process when console/dist is missing or stale.
 */
export function ensureConsoleBuiltSync(): void {
  if (isFresh(sourcesDigest())) return;
  // Its report goes to stderr: stdout may be where the caller writes a template.
  execFileSync(process.execPath, [fileURLToPath(import.meta.url)], { stdio: ['ignore', 2, 2] });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  const outcome = await ensureConsoleBuilt({ force: process.argv.includes('--force') });
  process.stdout.write(
    outcome === 'built'
      ? `console built into ${relative(process.cwd(), distDir) || distDir} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`
      : 'console is up to date\n',
  );
}
