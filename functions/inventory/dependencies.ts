import { integer, required } from '#lib/config.ts';
import { newId } from '#lib/ids.ts';
import { InventoryStore } from './store/inventory-store.ts';
import type { Deps } from './use-cases/ports.ts';

/** Built once per cold start and shared by this function's invocations. */
export const deps: Deps = {
  store: new InventoryStore(required('TABLE_NAME')),
  clock: { now: () => new Date() },
  newId: (prefix) => newId(prefix),
};

export const reservationTtlSeconds = integer('RESERVATION_TTL_SECONDS', 900);
