import type { Outcome } from '#local/lambda/host.ts';
import { log } from '#local/log.ts';

/** How one event source (queue, stream or schedule) has fared since start; served at /__local/status. */
export interface SourceStatus {
  kind: 'sqs' | 'stream' | 'schedule';
  name: string;
  handler: string;
  invocations: number;
  failures: number;
  lastInvokedAt: string | null;
  lastError: string | null;
  /** In a streak of failures: its first is a warning, the rest debug lines, its end one info line. */
  failing: boolean;
}

/** Which emulator the runtime uses: its own, or one DYNAMODB_ENDPOINT / MESSAGING_ENDPOINT named. */
export interface EmulatorInUse {
  endpoint: string;
  /** false: it was already running; the runtime did not start it and will not stop it. */
  startedHere: boolean;
}

export function createStatus(emulators?: { dynamodb: EmulatorInUse; messaging: EmulatorInUse }) {
  const sources: SourceStatus[] = [];
  return {
    /** For `/__local/status`, beside the sources. */
    emulators,
    register(kind: SourceStatus['kind'], name: string, handler: string): SourceStatus {
      const source: SourceStatus = {
        kind,
        name,
        handler,
        invocations: 0,
        failures: 0,
        lastInvokedAt: null,
        lastError: null,
        failing: false,
      };
      sources.push(source);
      return source;
    },
    list: (): readonly SourceStatus[] => sources,
  };
}

export type Status = ReturnType<typeof createStatus>;

/**
 * Counts an invocation of an event source and logs its failures so that a broken consumer does not
 * flood the terminal: loud once when a streak starts, quiet while it lasts, one line when it ends.
 */
export function recordOutcome(
  source: SourceStatus,
  outcome: Outcome,
  { failed = !outcome.ok, describe }: { failed?: boolean; describe: (reason: string) => string },
): void {
  source.invocations++;
  source.lastInvokedAt = new Date().toISOString();
  if (!failed) {
    if (source.failing) log.info(`${source.name}: ${source.handler} recovered`);
    source.failing = false;
    return;
  }
  source.failures++;
  source.lastError = outcome.ok ? 'reported batch item failures' : outcome.error.errorMessage;
  const message = describe(source.lastError);
  source.failing ? log.debug(message) : log.warn(message);
  source.failing = true;
}
