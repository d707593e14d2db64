import * as z from 'zod';
import type { ServiceName } from '#lib/catalogue/index.ts';
import { fieldErrors } from '#lib/http/validation.ts';
import type { Messaging } from '#local/emulators/messaging.ts';

/**
 * What `POST /__local/faults` accepts (API.md, Local runtime). `messaging` is the SNS/SQS emulator,
 * which can only be stopped: SNS and SQS have no slow mode to imitate.
 */
const faultSchema = z
  .strictObject({
    target: z.enum(['inventory', 'pricing', 'sales', 'messaging']),
    mode: z.enum(['unavailable', 'slow']),
    delayMs: z.number().int().min(0).max(120_000).optional(),
  })
  .refine((fault) => fault.target !== 'messaging' || fault.mode === 'unavailable', {
    path: ['mode'],
    message: 'messaging can only be made unavailable',
  });

export type FaultTarget = ServiceName | 'messaging';

export interface Fault {
  target: FaultTarget;
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
      errors: fieldErrors('body', parsed.error),
    };
  }
  const { target, mode, delayMs = 5_000 } = parsed.data;
  return { ok: true, fault: { target, mode, delayMs: mode === 'slow' ? delayMs : 0 } };
}

/**
 * The faults in force: at most one per target, the last one set wins. A messaging fault stops the
 * emulator in place; clearing the faults starts it again on its port with its data, so what the
 * outboxes could not publish meanwhile is delivered then.
 */
export function createFaults(messaging?: Pick<Messaging, 'pause' | 'resume'>) {
  const active = new Map<FaultTarget, Fault>();
  return {
    set: async (fault: Fault): Promise<void> => {
      active.set(fault.target, fault);
      if (fault.target === 'messaging') await messaging?.pause();
    },
    clear: async (): Promise<void> => {
      active.clear();
      await messaging?.resume();
    },
    of: (target: string): Fault | undefined => active.get(target as FaultTarget),
    list: (): Fault[] => [...active.values()],
  };
}

export type Faults = ReturnType<typeof createFaults>;
