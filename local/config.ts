import { resolve } from 'node:path';
import { defaults } from '#lib/catalogue/index.ts';

/** Everything `startRuntime` needs; `main.ts` reads it from the environment (README, "Local runtime"). */
export interface RuntimeOptions {
  port: number;
  /** The service API's port (the routes services call each other on); 0: a free port chosen at start. */
  servicePort: number;
  dataDir: string;
  dynamodbPort: number;
  messagingPort: number;
  /** DYNAMODB_ENDPOINT: a DynamoDB (Local) already running; the runtime then starts none and ignores the port. */
  dynamodbEndpoint: string | undefined;
  /** MESSAGING_ENDPOINT: an SNS+SQS emulator already running (LocalStack, fauxqs); likewise. */
  messagingEndpoint: string | undefined;
  reservationTtlSeconds: number;
  priceCacheMaxAgeSeconds: number;
  /** Invocations of one route's function that run at once; more wait their turn (lambda/admission.ts). */
  functionConcurrency: number;
  currency: string;
  logLevel: string;
  /** Load the demo catalogue on the first start of a data directory. */
  demoData: boolean;
  /** The SES emulator's port on 127.0.0.1 (its API and its mail viewer). */
  sesPort: number;
  /** Notifications' sender. */
  notifyFrom: string;
  /** Who gets the low-stock alerts; with the demo data, a demo buyer unless set. */
  notifyBuyerEmail: string | undefined;
  /** The shop on receipts and e-mails. */
  seller: { name: string; taxId?: string };
}

/** With the demo data, low-stock alerts go here, so a new user sees one after a few orders. */
export const DEMO_BUYER_EMAIL = 'compras@example.com';

const address = (env: NodeJS.ProcessEnv, name: string): string | undefined => {
  const value = env[name]?.trim();
  if (!value) return undefined;
  if (!/^[^\s@]+@[^\s@]+$/.test(value))
    throw new ConfigError(`${name} must be an e-mail address, got "${value}"`);
  return value;
};

export class ConfigError extends Error {}

/**
 * An emulator's URL, as the SDK's `endpoint` takes it: http(s), a host, no path, query or credentials
 * (the SDK would sign requests for a path it then drops). Answers its origin, without a trailing slash.
 */
const endpointUrl = (env: NodeJS.ProcessEnv, name: string, example: string): string | undefined => {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  const valid =
    url &&
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.hostname !== '' &&
    !url.username &&
    !url.password &&
    url.pathname === '/' &&
    !url.search &&
    !url.hash;
  if (!valid || !url) {
    // A password in the URL is not echoed to the terminal.
    const shown = url?.password ? raw.replace(url.password, '***') : raw;
    throw new ConfigError(
      `${name} must be the URL of a running emulator, scheme, host and port only (e.g. ${example}), got "${shown}"`,
    );
  }
  return url.origin;
};

const integer = (
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
};

export function readConfig(env: NodeJS.ProcessEnv = process.env): RuntimeOptions {
  const currency = env.CURRENCY || defaults.currency;
  if (!/^[A-Z]{3}$/.test(currency))
    throw new ConfigError(`CURRENCY must be an ISO 4217 code, got "${currency}"`);
  const demoData = env.DEMO_DATA !== 'false';
  return {
    port: integer(env, 'PORT', 3000, 1, 65535),
    servicePort: integer(env, 'SERVICE_PORT', 0, 0, 65535),
    dataDir: resolve(env.DATA_DIR || '.data'),
    dynamodbPort: integer(env, 'DYNAMODB_PORT', 8000, 1, 65535),
    messagingPort: integer(env, 'MESSAGING_PORT', 9324, 1, 65535),
    dynamodbEndpoint: endpointUrl(env, 'DYNAMODB_ENDPOINT', 'http://127.0.0.1:8000'),
    messagingEndpoint: endpointUrl(env, 'MESSAGING_ENDPOINT', 'http://localhost:4566'),
    reservationTtlSeconds: integer(env, 'RESERVATION_TTL_SECONDS', defaults.reservationTtlSeconds, 1, 86_400),
    functionConcurrency: integer(env, 'FUNCTION_CONCURRENCY', 32, 1, 10_000),
    priceCacheMaxAgeSeconds: integer(
      env,
      'PRICE_CACHE_MAX_AGE_SECONDS',
      defaults.priceCacheMaxAgeSeconds,
      0,
      604_800,
    ),
    currency,
    logLevel: (env.LOG_LEVEL || defaults.logLevel).toUpperCase(),
    demoData,
    sesPort: integer(env, 'SES_PORT', 8005, 1, 65535),
    notifyFrom: address(env, 'NOTIFY_FROM') ?? 'loja@example.com',
    notifyBuyerEmail: address(env, 'NOTIFY_BUYER_EMAIL') ?? (demoData ? DEMO_BUYER_EMAIL : undefined),
    seller: {
      name: env.SELLER_NAME?.trim() || 'Retail Suite Store',
      ...(env.SELLER_TAX_ID?.trim() ? { taxId: env.SELLER_TAX_ID.trim() } : {}),
    },
  };
}
