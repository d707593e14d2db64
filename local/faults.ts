import { z } from 'zod';
import type { ServiceName } from '#lib/catalogue/index.ts';

/** What `POST /__local/faults` accepts (API.md, Local runtime). */
const faultSchema = z.strictObject({
  target: z.enum(['inventory', 'pricing', 'sales']),
  mode: z.enum(['unavailable', 'slow']),
  delayMs: z.number().int().min(0).max(120_000).optional(),
});

export interface Fault {
  target: ServiceName;
  mode: 'unavailable' | 'slow';
  delayMs: number;
}

export type FaultParse =
  | { ok: true; fault: Fault }
  | { ok: false; errors: { path: string; message: string }[] };

export function parseFault(body: unknown): FaultParse {
  const parsed = faultSchema.safeParse(body);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => ({
        path: ['body', ...issue.path.map(String)].join('.'),
        message: issue.message,
      })),
    };
  }
  const { target, mode, delayMs = 5_000 } = parsed.data;
  return { ok: true, fault: { target, mode, delayMs: mode === 'slow' ? delayMs : 0 } };
}

/** The faults in force: at most one per service, the last one set wins. */
export function createFaults() {
  const active = new Map<ServiceName, Fault>();
  return {
    set: (fault: Fault) => void active.set(fault.target, fault),
    clear: () => active.clear(),
    of: (target: string): Fault | undefined => active.get(target as ServiceName),
    list: (): Fault[] => [...active.values()],
  };
}

export type Faults = ReturnType<typeof createFaults>;
