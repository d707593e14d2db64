import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessPeak {
  pid: number;
  command: string;
  /** The kernel's own high-water mark of this process's resident set (VmHWM). */
  hwmMiB: number;
}

export interface MemoryReport {
  samples: number;
  intervalMs: number;
  /** Highest sum of VmRSS over the whole tree seen in one sample. */
  peakTreeRssMiB: number;
  /** Per-process VmHWM at the last sample, largest first. */
  processes: ProcessPeak[];
}

const kib = (status: string, field: string): number => {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) : 0;
};

const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // The process ended between listing and reading.
  }
};

/** The pid and every descendant, from each process's parent id in /proc/<pid>/stat. */
function tree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    if (!stat) continue;
    // Field 4 is the parent pid; the command name (field 2) may hold spaces, so split after its ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

const commandOf = (pid: number): string =>
  (read(`/proc/${pid}/cmdline`) ?? '').split('\0').filter(Boolean).slice(0, 2).join(' ').slice(0, 80) ||
  (read(`/proc/${pid}/comm`) ?? '').trim();

/**
 * Samples the runtime's process tree (Node runtime, the shell watchdog, Java DynamoDB Local) every
 * `intervalMs`: the peak of the summed VmRSS, and each process's own VmHWM.
 */
export function sampleMemory(rootPid: number, intervalMs = 200) {
  let samples = 0;
  let peakTreeKiB = 0;
  const peaks = new Map<number, ProcessPeak>();
  const sample = () => {
    let sum = 0;
    for (const pid of tree(rootPid)) {
      const status = read(`/proc/${pid}/status`);
      if (!status) continue;
      sum += kib(status, 'VmRSS');
      const hwm = kib(status, 'VmHWM');
      if (hwm === 0) continue; // A kernel thread or a zombie.
      const known = peaks.get(pid);
      peaks.set(pid, { pid, command: known?.command ?? commandOf(pid), hwmMiB: round(hwm / 1024) });
    }
    samples++;
    peakTreeKiB = Math.max(peakTreeKiB, sum);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop(): MemoryReport {
      clearInterval(timer);
      sample();
      return {
        samples,
        intervalMs,
        peakTreeRssMiB: round(peakTreeKiB / 1024),
        processes: [...peaks.values()].sort((a, b) => b.hwmMiB - a.hwmMiB),
      };
    },
  };
}

const round = (x: number) => Math.round(x * 10) / 10;
