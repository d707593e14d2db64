import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import type { ScheduleDef } from '#lib/catalogue/index.ts';
import { accountId, region } from '#local/aws.ts';
import type { LambdaHost } from '#local/lambda/host.ts';
import { recordOutcome, type SourceStatus } from '#local/status.ts';
import type { Poller } from './poller.ts';

const TIMEOUT_MS = 60_000;

/** What EventBridge hands a function on a schedule; `time` has whole seconds, as there. */
const scheduledEvent = (schedule: ScheduleDef, now = new Date()): ScheduledEvent => ({
  version: '0',
  id: randomUUID(),
  'detail-type': 'Scheduled Event',
  source: 'aws.scheduler',
  account: accountId,
  time: `${now.toISOString().slice(0, 19)}Z`,
  region,
  resources: [`arn:aws:scheduler:${region}:${accountId}:schedule/default/${schedule.name}`],
  detail: {},
});

/**
 * Fires a schedule's handler every `localEveryMs` (its `rate` in AWS). The next run is timed from the
 * end of the previous one, so a slow run never overlaps the next.
 */
export function startSchedule(options: {
  host: LambdaHost;
  schedule: ScheduleDef;
  status: SourceStatus;
}): Poller {
  const { host, schedule, status } = options;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const run = async (): Promise<void> => {
    const started = Date.now();
    const outcome = await host.invoke(schedule.service, {
      handler: schedule.handler,
      functionName: schedule.name,
      timeoutMs: TIMEOUT_MS,
      event: scheduledEvent(schedule),
    });
    recordOutcome(status, outcome, { describe: (reason) => `schedule ${schedule.name} failed: ${reason}` });
    if (!stopped) timer = setTimeout(tick, Math.max(0, schedule.localEveryMs - (Date.now() - started)));
  };
  const tick = () => {
    running = run();
  };
  timer = setTimeout(tick, schedule.localEveryMs);

  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
