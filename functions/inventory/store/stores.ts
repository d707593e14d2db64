import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoLedgerStore } from './ledger-store.ts';
import { DynamoProductStore } from './products-store.ts';
import { DynamoReorderStore } from './reorders-store.ts';
import { DynamoReservationStore } from './reservations-store.ts';
import { DynamoRestockStore } from './restocks-store.ts';

/** Every store of Inventory, on one table (single-table layout: see keys.ts). */
export const inventoryStores = (db: DynamoDBDocumentClient, tableName: string) => ({
  products: new DynamoProductStore(db, tableName),
  reservations: new DynamoReservationStore(db, tableName),
  ledger: new DynamoLedgerStore(db, tableName),
  reorders: new DynamoReorderStore(db, tableName),
  restocks: new DynamoRestockStore(db, tableName),
});
