import { call } from './api.ts';

/** What `POST /__local/faults` takes (API.md, "Local runtime"). */
export type Fault =
  | { target: 'inventory' | 'pricing' | 'sales' | 'messaging'; mode: 'unavailable' }
  | { target: 'inventory' | 'pricing' | 'sales'; mode: 'slow'; delayMs: number };

async function setFault(baseUrl: string, fault: Fault): Promise<void> {
  const set = await call('POST', '/__local/faults', { baseUrl, body: fault });
  if (set.status !== 200) throw new Error(`fault ${JSON.stringify(fault)}: ${set.status}`);
}

async function clearFaults(baseUrl: string): Promise<void> {
  const cleared = await call('DELETE', '/__local/faults', { baseUrl });
  if (cleared.status !== 200) throw new Error(`clearing faults: ${cleared.status}`);
}

/**
 * Runs `run` with a fault in force on the runtime at `baseUrl`, and clears every fault after it,
 * however it ended. A fault applies to every caller of that runtime: use a private one.
 */
export async function withFault<T>(baseUrl: string, fault: Fault, run: () => Promise<T>): Promise<T> {
  await setFault(baseUrl, fault);
  try {
    return await run();
  } finally {
    await clearFaults(baseUrl);
  }
}
