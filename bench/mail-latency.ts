import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPricedProducts, orderBody, runTag } from './fixtures.ts';
import { type Api, expectStatus } from './http.ts';
import { type LatencySummary, summarize } from './stats.ts';

export interface MailLatencyResult {
  samples: number;
  /** From the order's `201` to its receipt in the local mailbox (`GET /__local/mail?to=`). */
  latencyMs: LatencySummary;
  /** Orders whose receipt did not arrive within the time limit. */
  timedOut: number;
}

const LIMIT_MS = 15_000;
const POLL_MS = 20;

/**
 * One order with a contact at a time, each to an address of its own, then the mailbox is polled
 * until its receipt is there: outbox → SNS → SQS → Notifications (which reads the order from Sales)
 * → SES. Local runtime only: a deployed stack has no mailbox to read.
 */
export async function mailLatency(api: Api, samples = 30): Promise<MailLatencyResult> {
  const productId = `${runTag}-mail`;
  await createPricedProducts(api, [{ productId, quantity: 1_000_000, amount: 1990 }]);
  const latencies: number[] = [];
  let timedOut = 0;
  for (let i = 0; i < samples; i++) {
    const to = `${runTag}-${i}@bench.example`;
    expectStatus(
      await api.call('POST', '/sales/orders', { ...orderBody([productId]), contact: { email: to } }),
      201,
      'POST /sales/orders with a contact',
    );
    const t0 = performance.now();
    let arrived = false;
    while (!arrived && performance.now() - t0 < LIMIT_MS) {
      const mail = await api.call('GET', `/__local/mail?to=${encodeURIComponent(to)}`);
      arrived = mail.status === 200 && mail.body.items.length > 0;
      if (!arrived) await sleep(POLL_MS);
    }
    if (arrived) latencies.push(performance.now() - t0);
    else timedOut++;
  }
  return { samples, latencyMs: summarize(latencies), timedOut };
}
