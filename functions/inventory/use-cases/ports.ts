import type { InventoryStore } from '../store/inventory-store.ts';

/** What the use cases need from the table; tests pass the real store on DynamoDB Local. */
export type Store = Pick<
  InventoryStore,
  | 'getProduct'
  | 'getReservation'
  | 'getReorder'
  | 'listProducts'
  | 'listMovements'
  | 'listReorders'
  | 'dueReservations'
  | 'createProduct'
  | 'changeStock'
  | 'reserve'
  | 'transition'
  | 'receiveReorder'
  | 'settleJournal'
  | 'openReorder'
  | 'markReleased'
>;

export interface Clock {
  now(): Date;
}

export type NewId = (prefix: string) => string;

export interface Deps {
  store: Store;
  clock: Clock;
  newId: NewId;
}
