import type { Node } from 'constructs';
import { defaults, type PaymentProvider, paymentProviders } from '#lib/catalogue/index.ts';

/** Deployment settings, read once from CDK context (`cdk.json` or `-c key=value`). */
export interface RetailConfig {
  throttlingRateLimit: number;
  throttlingBurstLimit: number;
  /** CORS is configured only when this is non-empty. */
  corsOrigins: string[];
  customDomain?: { domainName: string; certificateArn: string };
  /** Hosted-UI/token domain prefix of the Cognito user pool; derived from the account when absent. */
  cognitoDomainPrefix?: string;
  currency: string;
  reservationTtlSeconds: number;
  priceCacheMaxAgeSeconds: number;
  invoiceSeries: number;
  logLevel: string;
  alarmEmail?: string;
  payments: PaymentProvider;
  /** The shop on receipts and e-mails (SELLER_NAME, SELLER_TAX_ID). */
  seller: { name: string; taxId?: string };
  /** Notifications' mail; without `from` the stack has no SES identity and sends nothing. */
  mail: {
    /** The sender address (NOTIFY_FROM). */
    from?: string;
    /** What SES verifies: the address itself (default), or its whole domain (DKIM records to publish). */
    identity: 'address' | 'domain';
    /** Who gets the low-stock alerts (NOTIFY_BUYER_EMAIL). */
    buyerEmail?: string;
  };
}

const ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Reads the context and fails loudly on a value that cannot be right, before anything is built. */
export function readConfig(node: Node): RetailConfig {
  const text = (key: string): string | undefined => {
    const value: unknown = node.tryGetContext(key);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string')
      throw new Error(`context ${key} must be a string, got ${JSON.stringify(value)}`);
    return value;
  };
  const integer = (key: string, fallback: number, min: number): number => {
    const value: unknown = node.tryGetContext(key);
    if (value === undefined || value === null || value === '') return fallback;
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`context ${key} must be an integer >= ${min}, got ${JSON.stringify(value)}`);
    return n;
  };
  const list = (key: string): string[] => {
    const value: unknown = node.tryGetContext(key);
    if (value === undefined || value === null || value === '') return [];
    // `-c corsOrigins=https://a.example,https://b.example` arrives as one string.
    const items = typeof value === 'string' ? value.split(',') : value;
    if (!Array.isArray(items) || !items.every((item) => typeof item === 'string')) {
      throw new Error(`context ${key} must be a list of strings, got ${JSON.stringify(value)}`);
    }
    return items.map((item) => item.trim()).filter((item) => item !== '');
  };

  const domainName = text('customDomain');
  const certificateArn = text('certificateArn');
  if (Boolean(domainName) !== Boolean(certificateArn)) {
    throw new Error('context customDomain and certificateArn go together: set both or neither');
  }
  const currency = text('currency') ?? defaults.currency;
  if (!/^[A-Z]{3}$/.test(currency))
    throw new Error(`context currency must be an ISO 4217 code, got ${currency}`);

  const payments = text('payments');
  if (!paymentProviders.includes(payments as PaymentProvider)) {
    // Fail closed: a stack must never approve every card because nobody said otherwise.
    throw new Error(
      `context payments must name the payment provider Sales charges through (${paymentProviders.join(', ')}), got ${
        payments ?? 'nothing'
      }. This project ships only a payment simulator that approves every card but tok_declined; deploy it on purpose with -c payments=simulator, or add a real provider behind the PaymentGateway port (functions/sales/ports.ts).`,
    );
  }

  const address = (key: string): string | undefined => {
    const value = text(key);
    if (value !== undefined && !ADDRESS.test(value))
      throw new Error(`context ${key} must be an e-mail address, got ${value}`);
    return value;
  };
  const notifyIdentity = text('notifyIdentity') ?? 'address';
  if (notifyIdentity !== 'address' && notifyIdentity !== 'domain')
    throw new Error(`context notifyIdentity must be 'address' or 'domain', got ${notifyIdentity}`);
  const notifyFrom = address('notifyFrom');
  const notifyBuyerEmail = address('notifyBuyerEmail');
  const sellerTaxId = text('sellerTaxId');

  const config: RetailConfig = {
    payments: payments as PaymentProvider,
    seller: {
      name: text('sellerName') ?? 'Retail Suite Store',
      ...(sellerTaxId ? { taxId: sellerTaxId } : {}),
    },
    mail: {
      identity: notifyIdentity,
      ...(notifyFrom ? { from: notifyFrom } : {}),
      ...(notifyBuyerEmail ? { buyerEmail: notifyBuyerEmail } : {}),
    },
    throttlingRateLimit: integer('throttlingRateLimit', 100, 1),
    throttlingBurstLimit: integer('throttlingBurstLimit', 200, 1),
    corsOrigins: list('corsOrigins'),
    currency,
    reservationTtlSeconds: integer('reservationTtlSeconds', defaults.reservationTtlSeconds, 1),
    priceCacheMaxAgeSeconds: integer('priceCacheMaxAgeSeconds', defaults.priceCacheMaxAgeSeconds, 0),
    invoiceSeries: integer('invoiceSeries', defaults.invoiceSeries, 1),
    logLevel: text('logLevel') ?? defaults.logLevel,
  };
  if (domainName && certificateArn) config.customDomain = { domainName, certificateArn };
  const cognitoDomainPrefix = text('cognitoDomainPrefix');
  if (cognitoDomainPrefix) config.cognitoDomainPrefix = cognitoDomainPrefix;
  const alarmEmail = text('alarmEmail');
  if (alarmEmail) config.alarmEmail = alarmEmail;
  return config;
}
