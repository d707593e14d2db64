import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

export interface Machine {
  nproc: number;
  cpuModel: string;
  totalMemoryMiB: number;
  node: string;
  java: string;
  date: string;
  /** 1/5/15-minute load when the run started: other work on the machine skews every number. */
  loadAverageAtStart: number[];
}

/** java -version writes to stderr; its first line names the version. */
const javaVersion = (): string => {
  const run = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return `${run.stderr ?? ''}${run.stdout ?? ''}`.split('\n')[0]?.trim() || 'unknown';
};

export function describeMachine(): Machine {
  return {
    nproc: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    totalMemoryMiB: Math.round(totalmem() / 2 ** 20),
    node: process.version,
    java: javaVersion(),
    date: new Date().toISOString(),
    loadAverageAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}
