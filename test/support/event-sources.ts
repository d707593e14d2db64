import type { SourceStatus } from '#local/status.ts';
import { call } from './api.ts';
import { waitFor } from './wait.ts';

/** One event source of a local runtime as `/__local/status` reports it. */
export type { SourceStatus } from '#local/status.ts';

export async function eventSources(baseUrl: string): Promise<SourceStatus[]> {
  const answer = await call('GET', '/__local/status', { baseUrl });
  if (answer.status !== 200) throw new Error(`/__local/status: ${answer.status}`);
  return answer.body.sources;
}

export async function eventSource(baseUrl: string, kind: SourceStatus['kind'], name: string) {
  const source = (await eventSources(baseUrl)).find((s) => s.kind === kind && s.name === name);
  if (!source) throw new Error(`no ${kind} source ${name} at ${baseUrl}`);
  return source;
}

/**
 * Waits until the schedule has run `ticks` whole times after this call: one more than that is
 * counted, since a tick in progress now completes (and counts) first.
 */
export async function scheduleTicks(baseUrl: string, name: string, ticks: number): Promise<void> {
  const from = (await eventSource(baseUrl, 'schedule', name)).invocations;
  await waitFor(`${ticks} more runs of schedule ${name}`, async () =>
    (await eventSource(baseUrl, 'schedule', name)).invocations >= from + ticks + 1 ? true : undefined,
  );
}
