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
 * Inventory's ledger settles from the same stream, on product rows created or changed.
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
    // Only stock changes: the settle's own trims and reorder markers are written `writtenBy: ledger`.
    filter: {
      pkPrefix: 'PRODUCT#',
      sk: 'PRODUCT',
      events: ['INSERT', 'MODIFY'],
      newImage: { writtenBy: 'stock' },
    },
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
