import type { Outcome } from '#local/lambda/host.ts';

/** How one event source (queue, stream or schedule) has fared since start; served at /__local/status. */
export interface SourceStatus {
  kind: 'sqs' | 'stream' | 'schedule';
  name: string;
  handler: string;
  invocations: number;
  failures: number;
  lastInvokedAt: string | null;
  lastError: string | null;
}

export function createStatus() {
  const sources: SourceStatus[] = [];
  return {
    register(kind: SourceStatus['kind'], name: string, handler: string): SourceStatus {
      const source: SourceStatus = {
        kind,
        name,
        handler,
        invocations: 0,
        failures: 0,
        lastInvokedAt: null,
        lastError: null,
      };
      sources.push(source);
      return source;
    },
    list: (): readonly SourceStatus[] => sources,
  };
}

export type Status = ReturnType<typeof createStatus>;

export function recordOutcome(source: SourceStatus, outcome: Outcome, failed = !outcome.ok): void {
  source.invocations++;
  source.lastInvokedAt = new Date().toISOString();
  if (!failed) return;
  source.failures++;
  source.lastError = outcome.ok ? 'reported batch item failures' : outcome.error.errorMessage;
}
