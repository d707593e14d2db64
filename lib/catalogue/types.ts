/**
 * The shapes of the one resource catalogue. The CDK app (cdk/) and the local runtime (local/) are both
 * built from these definitions, so what runs offline is what deploys.
 */
export type ServiceName = 'inventory' | 'pricing' | 'sales';
/** `platform` owns the public, unauthenticated helpers (health, OpenAPI); it has no table. */
export type Owner = ServiceName | 'platform';

export type Scope =
  | 'inventory/read'
  | 'inventory/write'
  | 'pricing/read'
  | 'pricing/write'
  | 'sales/read'
  | 'sales/write';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export type EventType = 'PriceChanged' | 'OrderConfirmed' | 'OrderCancelled' | 'StockLow';

export interface RouteDef {
  method: HttpMethod;
  /** API Gateway path template, e.g. `/inventory/products/{productId}`. */
  path: string;
  owner: Owner;
  /** Module path from the repository root; it exports `handler`. */
  handler: string;
  /** `null` only for the public routes of API.md. */
  scope: Scope | null;
  /** Lambda timeout; 10 s when absent. Stays under API Gateway's 30 s and Inventory's expiry grace. */
  timeoutSeconds?: number;
}

export interface TableDef {
  service: ServiceName;
  /** Logical name; the local runtime uses it as the physical name, CDK lets CloudFormation name it. */
  name: string;
  partitionKey: 'pk';
  sortKey: 'sk';
  globalIndexes: readonly { name: string; partitionKey: string; sortKey: string }[];
  /** Attribute holding an epoch-seconds expiry for DynamoDB TTL. */
  ttlAttribute: string;
  /** The transactional outbox is drained from this stream. */
  stream: 'NEW_IMAGE';
}

export interface TopicDef {
  service: ServiceName;
  name: string;
  publishes: readonly EventType[];
}

export interface QueueDef {
  /** The consuming service. */
  service: ServiceName;
  name: string;
  subscribesTo: { topic: string; types: readonly EventType[] };
  /** Seconds a received message stays invisible; six times the consumer timeout, as AWS advises. */
  visibilityTimeoutSeconds: number;
  deadLetter: { name: string; maxReceiveCount: number; retentionDays: number };
}

export interface ConsumerDef {
  service: ServiceName;
  handler: string;
  queue: string;
  batchSize: number;
  timeoutSeconds: number;
}

/**
 * A function fed by a table's stream. A table may have several (DynamoDB serves two readers per shard
 * without throttling), each seeing only the rows its filter selects, so one consumer's writes or
 * failures never wake or hold up another.
 */
export interface StreamConsumerDef {
  service: ServiceName;
  /** Unique across the catalogue: it names the consumer's failure queue in AWS and its status locally. */
  name: string;
  handler: string;
  /** Its own service's table; a service never reads another's stream. */
  table: string;
  /** Records per invocation, counted after filtering, as Lambda does. */
  batchSize: number;
  /**
   * Lambda event filtering on the record's keys (so inserts, updates and removals alike): records of
   * other rows are dropped before the function is invoked and cost neither an invocation nor a retry.
   */
  filter: {
    /** The partition key starts with this. */
    pkPrefix: string;
    /** When set, the sort key equals this. */
    sk?: string;
  };
}

export interface ScheduleDef {
  service: ServiceName;
  name: string;
  handler: string;
  /** EventBridge Scheduler rate expression in AWS. */
  rate: string;
  /** The local runtime fires the same handler this often, so local waits stay short. */
  localEveryMs: number;
}

/** A client of the API itself (API.md, Authentication): a till, a back office. */
export interface ApiClientDef {
  clientId: string;
  scopes: readonly Scope[];
}

/** A client of the OAuth2 client-credentials grant that a service uses to call the others. */
export interface ServiceClientDef {
  service: ServiceName;
  clientId: string;
  scopes: readonly Scope[];
}
