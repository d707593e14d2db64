import type {
  ApiClientDef,
  QueueDef,
  RateLimit,
  Scope,
  ServiceClientDef,
  ServiceName,
  TableDef,
  TopicDef,
} from './types.ts';

export const services: readonly ServiceName[] = ['inventory', 'pricing', 'sales', 'notifications'];

/** The rate and burst of a route that declares none (API.md, Conventions). */
export const defaultRate: RateLimit = { perSecond: 100, burst: 200 };

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
  {
    service: 'sales',
    name: 'sales-events',
    publishes: ['OrderConfirmed', 'OrderCancelled', 'OrderReturned'],
  },
];

const deadLetter = (name: string) => ({ name: `${name}-dlq`, maxReceiveCount: 5, retentionDays: 14 });

export const queues: readonly QueueDef[] = [
  {
    service: 'sales',
    name: 'sales-price-changes',
    subscribesTo: [{ topic: 'pricing-events', types: ['PriceChanged'] }],
    visibilityTimeoutSeconds: 180,
    deadLetter: deadLetter('sales-price-changes'),
  },
  {
    service: 'inventory',
    name: 'inventory-order-events',
    subscribesTo: [{ topic: 'sales-events', types: ['OrderConfirmed', 'OrderCancelled', 'OrderReturned'] }],
    visibilityTimeoutSeconds: 180,
    deadLetter: deadLetter('inventory-order-events'),
  },
  {
    service: 'notifications',
    name: 'notifications-events',
    subscribesTo: [
      { topic: 'sales-events', types: ['OrderConfirmed', 'OrderCancelled', 'OrderReturned'] },
      { topic: 'inventory-events', types: ['StockLow'] },
    ],
    visibilityTimeoutSeconds: 180,
    deadLetter: deadLetter('notifications-events'),
  },
];

export const allScopes: readonly Scope[] = [
  'inventory/read',
  'inventory/write',
  'pricing/read',
  'pricing/write',
  'sales/read',
  'sales/write',
  'sales/refund',
  'sales/report',
];

/** What each scope lets its holder do, as the OpenAPI document and Cognito's resource servers say it. */
export const scopeDescriptions: Readonly<Record<Scope, string>> = {
  'inventory/read': 'read products, stock, the ledger, reservations and reorders',
  'inventory/write': 'change stock, reserve, commit, release, receive reorders',
  'pricing/read': 'read prices, price history and promotions',
  'pricing/write': 'set prices and run promotions',
  'sales/read': 'read orders and invoices',
  'sales/write': 'place orders',
  'sales/refund': 'cancel and return orders, with their refunds',
  'sales/report': 'read sales reports',
};

/** The API's own clients (API.md, Authentication); Cognito app clients in AWS, the local issuer's offline. */
export const apiClients: readonly ApiClientDef[] = [
  { clientId: 'admin', scopes: allScopes },
  { clientId: 'pos', scopes: ['sales/read', 'sales/write', 'inventory/read', 'pricing/read'] },
];

/** The client-credentials clients the services call each other with (API.md, Authentication). */
export const serviceClients: readonly ServiceClientDef[] = [
  { service: 'sales', clientId: 'sales-service', scopes: ['inventory/write', 'pricing/read'] },
  { service: 'inventory', clientId: 'inventory-service', scopes: ['sales/read'] },
  // Reads the order (its contact, kept only in Sales) and the product a StockLow names.
  { service: 'notifications', clientId: 'notifications-service', scopes: ['sales/read', 'inventory/read'] },
];

export const tableOf = (service: ServiceName): TableDef => tables.find((t) => t.service === service)!;
/** The service's own topic; undefined for a service that publishes nothing. */
export const topicOf = (service: ServiceName): TopicDef | undefined =>
  topics.find((t) => t.service === service);
/** The services that publish events, and so run a transactional outbox. */
export const publishers: readonly ServiceName[] = services.filter(
  (service) => topicOf(service) !== undefined,
);
export const serviceClientOf = (service: ServiceName): ServiceClientDef | undefined =>
  serviceClients.find((c) => c.service === service);
