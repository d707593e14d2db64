/**
 * Run by cold-init.ts in a fresh Node process: imports one bundle (its module init: top-level code,
 * SDK clients, schemas) and prints how long that took. Exits at once, whatever handles the init opened.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const file = process.argv[2];
if (!file) throw new Error('usage: import-probe.ts <bundle.mjs>');
const startedAt = performance.now();
const module = await import(pathToFileURL(file).href);
const importMs = performance.now() - startedAt;
const ok = typeof module.handler === 'function';
process.stdout.write(`${JSON.stringify({ importMs, ok, processUptimeMs: performance.now() })}\n`);
process.exit(0);
