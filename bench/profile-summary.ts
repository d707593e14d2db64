/**
 * `node bench/profile-summary.ts <dir> [top]`: reads the .cpuprofile files a `BENCH_CPU_PROF=1` run
 * left (the runtime's main thread from --cpu-prof, each service worker in 10 s slices from
 * worker-profiler.ts) and prints, per thread, where its CPU time went: by area (npm package or
 * repository folder) and by function (self time).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface Profile {
  nodes: { id: number; callFrame: CallFrame }[];
  samples: number[];
  timeDeltas: number[];
}

const dir = process.argv[2];
if (!dir) throw new Error('usage: profile-summary.ts <profile dir> [top]');
const top = Number(process.argv[3] ?? 15);
const meta = new Set(['(idle)', '(program)', '(garbage collector)']);

const areaOf = (url: string): string => {
  if (url === '') return '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.startsWith('node:')) return url.split('/')[0]!;
  const repo = /\/work\/main\/((?:functions|lib|local)\/[^/]+)/.exec(url)?.[1];
  return (
    repo ??
    url
      .replace(/^file:\/\//, '')
      .split('/')
      .slice(-2)
      .join('/')
  );
};

/** A worker's slices (`<name>-<n>.cpuprofile`) add up to one thread. */
const threads = new Map<string, string[]>();
for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
  const key = /^(.+)-\d{3}\.cpuprofile$/.exec(file)?.[1] ?? file;
  threads.set(key, [...(threads.get(key) ?? []), file]);
}

for (const [thread, slices] of [...threads].sort()) {
  const self = new Map<string, { frame: CallFrame; us: number }>();
  for (const slice of slices) {
    const profile = JSON.parse(readFileSync(join(dir, slice), 'utf8')) as Profile;
    const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
    // timeDeltas[i] is the µs between sample i-1 and sample i.
    profile.samples.forEach((id, i) => {
      const frame = frames.get(id)!;
      const key = `${frame.functionName}|${frame.url}|${frame.lineNumber}`;
      const entry = self.get(key) ?? { frame, us: 0 };
      entry.us += profile.timeDeltas[i] ?? 0;
      self.set(key, entry);
    });
  }
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const { frame, us } of self.values()) {
    total += us;
    const { functionName, url, lineNumber } = frame;
    if (functionName === '(idle)') {
      idle += us;
      continue;
    }
    const area = meta.has(functionName) ? functionName : areaOf(url);
    areas.set(area, (areas.get(area) ?? 0) + us);
    if (meta.has(functionName)) continue;
    const name = `${functionName || '(anonymous)'} ${url.replace(/^file:\/\/\/work\/main\//, '')}:${lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
  }
  const busy = total - idle;
  const list = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(
        ([k, us]) =>
          `  ${((us / busy) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`,
      )
      .join('\n');
  process.stdout.write(
    `\n=== ${thread} (${slices.length} file(s)): busy ${(busy / 1e6).toFixed(1)} s of ${(total / 1e6).toFixed(1)} s sampled\n` +
      `by area:\n${list(areas)}\nby function (self time):\n${list(functions)}\n`,
  );
}
