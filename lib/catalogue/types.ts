import type * as z from 'zod';

/**
 * The shapes of the one resource catalogue. The CDK app (cdk/) and the local runtime (local/) are both
 * built from these definitions, so what runs offline is what deploys.
 */
export type ServiceName = 'inventory' | 'pricing' | 'sales' | 'notifications';
/** `platform` owns the public, unauthenticated helpers (health, OpenAPI); it has no table. */
export type Owner = ServiceName | 'platform';

export type Scope =
  | 'inventory/read'
  | 'inventory/write'
  | 'pricing/read'
  | 'pricing/write'
  | 'sales/read'
  | 'sales/write'
  | 'sales/refund'
  | 'sales/report';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export type EventType = 'PriceChanged' | 'OrderConfirmed' | 'OrderCancelled' | 'OrderReturned' | 'StockLow';

/** What a route's handler may do with its service's table; written out, never guessed from a name. */
export type TableAccess = 'read' | 'readWrite' | 'none';

/**
 * One HTTP route, declared once in its service's `routes.ts`: the handler validates with these schemas,
 * the OpenAPI document describes them, CDK and the local gateway route and grant from the same entry.
 */
export interface RouteDef {
  method: HttpMethod;
  /** API Gateway path template, e.g. `/inventory/products/{productId}`. */
  path: string;
  /** Other paths the same handler serves with the same contract (the seed document's routes). */
  aliases?: readonly string[];
  owner: Owner;
  /** Module path from the repository root; it exports `handler`. */
  handler: string;
  /** `null` only for the public routes of API.md. */
  scope: Scope | null;
  access: TableAccess;
  /** Lambda timeout; 10 s when absent. Stays under API Gateway's 30 s and Inventory's expiry grace. */
  timeoutSeconds?: number;
  /** The OpenAPI summary. */
  summary: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** Request headers the route reads, by lower-case name. */
  headers?: z.ZodObject;
  body?: z.ZodType;
  /** Success status → the JSON body it answers (null: no JSON body is documented). */
  responses: Readonly<Record<number, z.ZodType | null>>;
  /** Documented error statuses besides the pipeline's 400/401/403/413/500. */
  errors?: readonly number[];
  /** Requests per second and burst, per route key (each alias its own); `defaultRate` when absent. */
  rate?: RateLimit;
  /**
   * The services that call this route (their adapters' calls). Such a route is also served on the
   * service API, where only the services' own clients are let in, so their calls never spend the
   * public route's budget.
   */
  calledBy?: readonly ServiceName[];
}

/** A token bucket: `burst` requests at once, refilled at `perSecond` (API Gateway's rate and burst). */
export interface RateLimit {
  perSecond: number;
  burst: number;
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

/** A service's own topic; a service that announces nothing (Notifications) has none. */
export interface TopicDef {
  service: ServiceName;
  name: string;
  publishes: readonly EventType[];
}

/** One topic a queue listens to, filtered on the envelope's `type` message attribute. */
export interface SubscriptionDef {
  topic: string;
  types: readonly EventType[];
}

export interface QueueDef {
  /** The consuming service. */
  service: ServiceName;
  name: string;
  /** One subscription per topic; a consumer that hears several producers still has one queue. */
  subscribesTo: readonly SubscriptionDef[];
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
   * Lambda's MaximumBatchingWindowInSeconds: records are gathered this long (or until the batch is full)
   * before the function is invoked. For a consumer whose readers never wait for it, a window turns a
   * batch write per change into one per window, whatever the order rate. None: invoked at once.
   */
  batchingWindowSeconds?: number;
  /**
   * Lambda event filtering: records of other rows, and the consumer's own follow-up writes to its rows,
   * are dropped before the function is invoked and cost neither an invocation nor a retry.
   */
  filter: {
    /** The partition key starts with this. */
    pkPrefix: string;
    /** When set, the sort key equals this. */
    sk?: string;
    /**
     * The kinds of change (the record's `eventName`) that wake the consumer. Written out so that the
     * consumer's own writes to the rows it reads (the publisher's claim and delete) do not wake it.
     */
    events: readonly [StreamEventName, ...StreamEventName[]];
    /**
     * When set, string attributes the new image must hold with these values: for a consumer whose own
     * writes are of the same kind as the ones it reacts to (both MODIFY), the row says who wrote it.
     * A removal has no new image, so it never matches.
     */
    newImage?: Readonly<Record<string, string>>;
  };
}

/** DynamoDB Streams' kinds of change. */
export type StreamEventName = 'INSERT' | 'MODIFY' | 'REMOVE';

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
