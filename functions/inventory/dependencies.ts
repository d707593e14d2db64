import { systemClock } from '#lib/clock.ts';
import { integer, required } from '#lib/config.ts';
import { dynamo } from '#lib/dynamodb/client.ts';
import { newId } from '#lib/ids.ts';
import { powertoolsMetrics } from './adapters/powertools-metrics.ts';
import { inventoryStores } from './store/stores.ts';

/** Built once per cold start and shared by this function's invocations; use cases pick what they use. */
export const deps = {
  ...inventoryStores(dynamo, required('TABLE_NAME')),
  clock: systemClock,
  newId: (prefix: string) => newId(prefix),
  metrics: powertoolsMetrics,
};

export const reservationTtlSeconds = integer('RESERVATION_TTL_SECONDS', 900);
/** 30 s outlasts Sales' Lambda timeout; a very short TTL (tests) shortens it so expiry stays prompt. */
export const expiryGraceMs = Math.min(30, reservationTtlSeconds) * 1000;
