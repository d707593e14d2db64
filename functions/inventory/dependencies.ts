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
/** 30 s outlasts Sales' Lambda timeout; a very short TTL (tests) shortens it so expiry stays prompt. */
export const expiryGraceMs = Math.min(30, reservationTtlSeconds) * 1000;
