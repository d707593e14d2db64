import type { Owner, ServiceName } from './types.ts';

/**
 * The values a deployment resolves for one service: CDK passes tokens, the local runtime passes
 * concrete names and URLs. Every function of a service gets the same environment.
 */
export interface ResolvedResources {
  tableName?: string;
  topicArn?: string;
  /** Base URL of the one HTTP API that fronts every service. */
  apiUrl: string;
  /**
   * Base URL of the service API, which serves the routes services call (`calledBy`) to the services'
   * own clients only; set for the services that call others.
   */
  serviceApiUrl?: string;
  jwtIssuer: string;
  jwksUri: string;
  tokenUrl: string;
  /** Client ids whose tokens the API accepts. */
  allowedClientIds: readonly string[];
  /** The services' own client ids, so a change they make is recorded as `service:<name>`. */
  serviceClientIds: Readonly<Partial<Record<ServiceName, string>>>;
  clientId?: string;
  /** Local only: the secret itself. In AWS the function reads `CLIENT_SECRET_ARN` at cold start. */
  clientSecret?: string;
  clientSecretArn?: string;
  currency: string;
  reservationTtlSeconds: number;
  priceCacheMaxAgeSeconds: number;
  /** How many invoice series (séries) Sales numbers in; absent: `defaults.invoiceSeries`. */
  invoiceSeries?: number;
  logLevel: string;
  /** Which payment provider Sales charges through; only the simulator ships, and only when named. */
  payments: PaymentProvider;
  /** The shop as receipts name it: Sales' invoices and Notifications' e-mails. */
  seller?: { name: string; taxId?: string };
  /** Notifications' e-mail settings; given to that service only. */
  mail?: MailSettings;
}

export interface MailSettings {
  /** The sender (an SES identity in AWS); without it Notifications sends nothing. */
  from?: string;
  /** Who gets the low-stock alerts; without it there are none. */
  buyerEmail?: string;
  /** The SES configuration set every e-mail is sent with (AWS only). */
  configurationSet?: string;
}

/** The `PaymentGateway` adapters there are. A real provider's adapter adds its name here. */
export const paymentProviders = ['simulator'] as const;
export type PaymentProvider = (typeof paymentProviders)[number];

export const defaults = {
  currency: 'BRL',
  reservationTtlSeconds: 900,
  priceCacheMaxAgeSeconds: 3600,
  invoiceSeries: 8,
  logLevel: 'INFO',
} as const;

export function environmentFor(owner: Owner, r: ResolvedResources): Record<string, string> {
  const env: Record<string, string> = {
    SERVICE_NAME: owner,
    POWERTOOLS_SERVICE_NAME: owner,
    POWERTOOLS_METRICS_NAMESPACE: 'RetailSuite',
    POWERTOOLS_LOG_LEVEL: r.logLevel,
    API_URL: r.apiUrl,
    JWT_ISSUER: r.jwtIssuer,
    JWKS_URI: r.jwksUri,
    TOKEN_URL: r.tokenUrl,
    JWT_ALLOWED_CLIENT_IDS: r.allowedClientIds.join(','),
    SERVICE_CLIENT_IDS: Object.entries(r.serviceClientIds)
      .map(([service, clientId]) => `${clientId}=${service}`)
      .join(','),
    CURRENCY: r.currency,
    RESERVATION_TTL_SECONDS: String(r.reservationTtlSeconds),
    PRICE_CACHE_MAX_AGE_SECONDS: String(r.priceCacheMaxAgeSeconds),
    PAYMENTS_PROVIDER: r.payments,
  };
  if (r.tableName) env.TABLE_NAME = r.tableName;
  if (owner === 'sales' && r.invoiceSeries !== undefined) env.INVOICE_SERIES = String(r.invoiceSeries);
  if (r.topicArn) env.EVENTS_TOPIC_ARN = r.topicArn;
  if (r.serviceApiUrl) env.SERVICE_API_URL = r.serviceApiUrl;
  if (r.clientId) env.CLIENT_ID = r.clientId;
  if (r.clientSecret) env.CLIENT_SECRET = r.clientSecret;
  if (r.clientSecretArn) env.CLIENT_SECRET_ARN = r.clientSecretArn;
  if (r.seller) env.SELLER_NAME = r.seller.name;
  if (r.seller?.taxId) env.SELLER_TAX_ID = r.seller.taxId;
  if (owner === 'notifications' && r.mail) {
    if (r.mail.from) env.NOTIFY_FROM = r.mail.from;
    if (r.mail.buyerEmail) env.NOTIFY_BUYER_EMAIL = r.mail.buyerEmail;
    if (r.mail.configurationSet) env.SES_CONFIGURATION_SET = r.mail.configurationSet;
  }
  return env;
}
