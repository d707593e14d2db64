import { OUTBOX_PREFIX } from '../events/outbox/outbox.ts';
import type {
  ApiClientDef,
  ConsumerDef,
  QueueDef,
  ScheduleDef,
  Scope,
  ServiceClientDef,
  ServiceName,
  StreamConsumerDef,
  TableDef,
  TopicDef,
} from './types.ts';

export const services: readonly ServiceName[] = ['inventory', 'pricing', 'sales'];

const table = (service: ServiceName): TableDef => ({
  service,
  name: `${service}`,
  partitionKey: 'pk',
  sortKey: 'sk',
  globalIndexes: [
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
  ttlAttribute: 'ttl',
  stream: 'NEW_IMAGE',
});

/** One table per service; no service reads another's. */
export const tables: readonly TableDef[] = services.map(table);

export const topics: readonly TopicDef[] = [
  { service: 'inventory', name: 'inventory-events', publishes: ['StockLow'] },
  { service: 'pricing', name: 'pricing-events', publishes: ['PriceChanged'] },
  { service: 'sales', name: 'sales-events', publishes: ['OrderConfirmed', 'OrderCancelled'] },
];

const deadLetter = (name: string) => ({ name: `${name}-dlq`, maxReceiveCount: 5, retentionDays: 14 });

export const queues: readonly QueueDef[] = [
  {
    service: 'sales',
    name: 'sales-price-changes',
    subscribesTo: { topic: 'pricing-events', types: ['PriceChanged'] },
    visibilityTimeoutSeconds: 180,
    deadLetter: deadLetter('sales-price-changes'),
  },
  {
    service: 'inventory',
    name: 'inventory-order-events',
    subscribesTo: { topic: 'sales-events', types: ['OrderConfirmed', 'OrderCancelled'] },
    visibilityTimeoutSeconds: 180,
    deadLetter: deadLetter('inventory-order-events'),
  },
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
];

/**
 * Each service's outbox is drained by the same publisher, fed by its table's stream and woken only by
 * outbox rows. Inventory's ledger settles from the same stream, on product rows only.
 */
export const streamConsumers: readonly StreamConsumerDef[] = [
  ...services.map(
    (service): StreamConsumerDef => ({
      service,
      name: `${service}-outbox`,
      handler: 'lib/events/outbox/publish-handler.ts',
      table: service,
      batchSize: 10,
      filter: { pkPrefix: OUTBOX_PREFIX },
    }),
  ),
  {
    service: 'inventory',
    name: 'inventory-ledger',
    handler: 'functions/inventory/handlers/settle-ledger.ts',
    table: 'inventory',
    batchSize: 100,
    filter: { pkPrefix: 'PRODUCT#', sk: 'PRODUCT' },
  },
];

export const schedules: readonly ScheduleDef[] = [
  ...services.map(
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

export const allScopes: readonly Scope[] = [
  'inventory/read',
  'inventory/write',
  'pricing/read',
  'pricing/write',
  'sales/read',
  'sales/write',
];

/** The API's own clients (API.md, Authentication); Cognito app clients in AWS, the local issuer's offline. */
export const apiClients: readonly ApiClientDef[] = [
  { clientId: 'admin', scopes: allScopes },
  { clientId: 'pos', scopes: ['sales/read', 'sales/write', 'inventory/read', 'pricing/read'] },
];

/** The client-credentials clients the services call each other with (API.md, Authentication). */
export const serviceClients: readonly ServiceClientDef[] = [
  { service: 'sales', clientId: 'sales-service', scopes: ['inventory/write', 'pricing/read'] },
  { service: 'inventory', clientId: 'inventory-service', scopes: ['sales/read'] },
];

export const tableOf = (service: ServiceName): TableDef => tables.find((t) => t.service === service)!;
export const topicOf = (service: ServiceName): TopicDef => topics.find((t) => t.service === service)!;
export const serviceClientOf = (service: ServiceName): ServiceClientDef | undefined =>
  serviceClients.find((c) => c.service === service);
