/**
 * Diagnostics only (BENCH_CPU_PROF=1): preloaded into the runtime's main thread with `--import`, it
 * CPU-profiles every worker thread (one per service) through the inspector's NodeWorker domain.
 * `--cpu-prof` alone cannot: the runtime terminates its workers, and a terminated thread writes no
 * profile. So every 10 s each worker's profile so far is written as `<worker name>-<n>.cpuprofile`
 * and a new one starts. The output directory comes in this module's URL (`?dir=`).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

interface Attached {
  sessionId: string;
  workerInfo: { title: string };
}

const dir = new URL(import.meta.url).searchParams.get('dir');
if (dir) {
  const session = new Session();
  session.connect();
  let nextId = 1;
  const stops = new Map<number, { name: string; slice: number }>();
  const send = (sessionId: string, method: string, params: object = {}) => {
    const id = nextId++;
    session.post('NodeWorker.sendMessageToWorker', {
      sessionId,
      message: JSON.stringify({ id, method, params }),
    });
    return id;
  };
  session.on('NodeWorker.attachedToWorker', ({ params }: { params: Attached }) => {
    const { sessionId } = params;
    const name = params.workerInfo.title.replace(/^\[worker \d+\] /, '').replace(/[^\w.-]/g, '_');
    send(sessionId, 'Profiler.enable');
    send(sessionId, 'Profiler.setSamplingInterval', { interval: 1000 });
    send(sessionId, 'Profiler.start');
    let slice = 0;
    setInterval(() => {
      stops.set(send(sessionId, 'Profiler.stop'), { name, slice: slice++ });
      send(sessionId, 'Profiler.start');
    }, 10_000).unref();
  });
  session.on('NodeWorker.receivedMessageFromWorker', ({ params }: { params: { message: string } }) => {
    const message = JSON.parse(params.message) as { id?: number; result?: { profile?: unknown } };
    const stop = message.id === undefined ? undefined : stops.get(message.id);
    if (!stop || !message.result?.profile) return;
    stops.delete(message.id!);
    const file = `${stop.name}-${String(stop.slice).padStart(3, '0')}.cpuprofile`;
    writeFileSync(join(dir, file), JSON.stringify(message.result.profile));
  });
  session.post('NodeWorker.enable', { waitForDebuggerOnStart: false });
}
