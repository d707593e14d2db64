import type { ConsumerDef, RouteDef, ScheduleDef, StreamConsumerDef } from '#lib/catalogue/index.ts';
import { publishers } from '#lib/catalogue/index.ts';
import { OUTBOX_PREFIX } from '#lib/events/outbox/outbox.ts';
import { routes as inventoryRoutes } from './inventory/routes.ts';
import { routes as platformRoutes } from './platform/routes.ts';
import { routes as pricingRoutes } from './pricing/routes.ts';
import { routes as salesRoutes } from './sales/routes.ts';

/**
 * Everything that names a handler file: the routes (each declared once, in its service's routes.ts), the
 * queue consumers, the stream consumers and the schedules. The CDK app and the local runtime both read
 * this module, with the tables, topics and queues of `lib/catalogue/`.
 */
export const routes: readonly RouteDef[] = [
  ...platformRoutes,
  ...inventoryRoutes,
  ...pricingRoutes,
  ...salesRoutes,
];

export const consumers: readonly ConsumerDef[] = [
  {
    service: 'sales',
    handler: 'functions/sales/handlers/on-price-changed.ts',
    queue: 'sales-price-changes',
    batchSize: 10,
    timeoutSeconds: 30,
  },
  {
    service: 'inventory',
    handler: 'functions/inventory/handlers/on-order-event.ts',
    queue: 'inventory-order-events',
    batchSize: 10,
    timeoutSeconds: 30,
  },
  {
    service: 'notifications',
    handler: 'functions/notifications/handlers/on-event.ts',
    queue: 'notifications-events',
    batchSize: 10,
    timeoutSeconds: 30,
  },
];

/**
 * Each publishing service's outbox is drained by the same publisher, fed by its table's stream and woken only by
 * new outbox rows: its own claim (a MODIFY) and delete (a REMOVE) of a row do not wake it again.
 * Inventory's ledger settles from the same stream, on product rows created or changed; Sales' report
 * rollups from its stream, on order and return rows (two readers of a stream's shard, DynamoDB's advice).
 */
export const streamConsumers: readonly StreamConsumerDef[] = [
  ...publishers.map(
    (service): StreamConsumerDef => ({
      service,
      name: `${service}-outbox`,
      handler: 'lib/events/outbox/publish-handler.ts',
      table: service,
      batchSize: 10,
      filter: { pkPrefix: OUTBOX_PREFIX, events: ['INSERT'] },
    }),
  ),
  {
    service: 'inventory',
    name: 'inventory-ledger',
    handler: 'functions/inventory/handlers/settle-ledger.ts',
    table: 'inventory',
    batchSize: 100,
    // Readers list a pending movement until it settles, so nobody waits for the settle: one second's
    // changes cost its two batch writes once, not once per change.
    batchingWindowSeconds: 1,
    // Only stock changes: the settle's own trims and reorder markers are written `writtenBy: ledger`.
    filter: {
      pkPrefix: 'PRODUCT#',
      sk: 'PRODUCT',
      events: ['INSERT', 'MODIFY'],
      newImage: { writtenBy: 'stock' },
    },
  },
  {
    service: 'sales',
    name: 'sales-rollups',
    handler: 'functions/sales/handlers/roll-up-sales.ts',
    table: 'sales',
    // A transaction per batch: 50 changes are 50 markers and a few rollups, within its 100 items.
    batchSize: 50,
    // A report's figures trail the stream by this much more (its two edge hours read orders directly),
    // and a batch's transaction carries a second's orders rather than one.
    batchingWindowSeconds: 1,
    // Orders and returns inserted, orders changed (a cancellation; the handler passes over the other
    // changes of an order). One pattern cannot say "inserted, or changed to CANCELLED": see the README.
    filter: { pkPrefix: 'ORDER#', events: ['INSERT', 'MODIFY'] },
  },
];

export const schedules: readonly ScheduleDef[] = [
  ...publishers.map(
    (service): ScheduleDef => ({
      service,
      name: `${service}-outbox-sweep`,
      handler: 'lib/events/outbox/sweep-handler.ts',
      rate: 'rate(1 minute)',
      localEveryMs: 5_000,
    }),
  ),
  {
    service: 'inventory',
    name: 'inventory-expire-reservations',
    handler: 'functions/inventory/handlers/expire-reservations.ts',
    rate: 'rate(1 minute)',
    localEveryMs: 1_000,
  },
  {
    service: 'pricing',
    name: 'pricing-apply-promotions',
    handler: 'functions/pricing/handlers/apply-promotions.ts',
    rate: 'rate(1 minute)',
    localEveryMs: 1_000,
  },
];
