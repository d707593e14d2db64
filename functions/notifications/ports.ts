import type { Money } from '#lib/money.ts';

export type { Clock } from '#lib/clock.ts';

/**
 * The ports the Notifications use cases depend on: SES in adapters/ses-mailer.ts, the record of what
 * was sent in store/, Sales and Inventory over HTTP in adapters/, the in-memory fakes in
 * use-cases/fakes.ts.
 */

/** One e-mail to one recipient. `kind` names the template (it tags the e-mail in SES, never the address). */
export interface Email {
  kind: EmailKind;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export type EmailKind = 'receipt' | 'cancellation' | 'return' | 'stock-alert';

/**
 * What SES made of a send:
 * - `sent`: accepted, with its message id;
 * - `address_rejected`: refused for the recipient's address, for good (sending again cannot help);
 * - `failed`: refused or never reached, so certainly not sent: worth another attempt;
 * - `unknown`: no answer (a time-out, a connection lost mid-request): it may have been sent.
 */
export type SendResult =
  | { kind: 'sent'; messageId: string }
  | { kind: 'address_rejected'; reason: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'unknown'; reason: string };

export interface Mailer {
  send(email: Email): Promise<SendResult>;
}

/**
 * Where one event's e-mail stands. SENDING: claimed, and SES may or may not have it; SENT: SES took
 * it; FAILED_ADDRESS: SES refused the address for good; SEND_FAILED: the last attempt certainly sent
 * nothing, so the next delivery of the event may try again.
 */
export type NotificationStatus = 'SENDING' | 'SENT' | 'FAILED_ADDRESS' | 'SEND_FAILED';

export interface NotificationRecord {
  eventId: string;
  eventType: string;
  kind: EmailKind;
  status: NotificationStatus;
  /** Attempts claimed so far (1 for the first). */
  attempts: number;
  /** A hash of the address, never the address: enough to tell two recipients apart. */
  recipient: string;
  updatedAt: string;
  messageId?: string;
  reason?: string;
}

export interface Claim {
  eventId: string;
  eventType: string;
  kind: EmailKind;
  recipient: string;
  at: string;
}

export type ClaimResult = { kind: 'claimed'; attempt: number } | { kind: 'taken' };

export type Settlement =
  | { status: 'SENT'; messageId: string }
  | { status: 'FAILED_ADDRESS'; reason: string }
  | { status: 'SEND_FAILED'; reason: string };

export interface NotificationLog {
  get(eventId: string): Promise<NotificationRecord | undefined>;
  /**
   * SENDING as attempt n+1, in one conditional write: only if the event has no record yet, or its last
   * attempt ended SEND_FAILED. Anything else (SENDING, SENT, FAILED_ADDRESS) is `taken`.
   */
  claim(claim: Claim): Promise<ClaimResult>;
  /** Ends attempt `attempt` (still SENDING) with its outcome. */
  settle(eventId: string, attempt: number, settlement: Settlement, at: string): Promise<void>;
}

/** An order as Notifications needs it, read from Sales (the contact lives only there). */
export interface OrderNotice {
  orderId: string;
  status: string;
  customerId: string;
  invoiceSeries: number;
  invoiceNumber: number;
  createdAt: string;
  contact?: { email: string; name?: string | undefined } | undefined;
  lines: {
    productId: string;
    name?: string | undefined;
    quantity: number;
    unitAmount: number;
    lineTotal: number;
  }[];
  total: Money;
  refund?: { amount: Money } | undefined;
}

export interface SalesOrders {
  /** undefined: Sales has no such order. Throws when Sales cannot say (the event is retried). */
  order(orderId: string, correlationId: string): Promise<OrderNotice | undefined>;
}

export interface ProductNotice {
  productId: string;
  sku: string;
  name: string;
  reorderQuantity: number;
}

export interface InventoryProducts {
  /** undefined: Inventory has no such product. Throws when Inventory cannot say. */
  product(productId: string, correlationId: string): Promise<ProductNotice | undefined>;
}

export type BusinessMetric =
  | 'EmailsSent'
  | 'EmailsDuplicate'
  | 'EmailAddressRejected'
  | 'EmailSendFailures'
  | 'EmailOutcomeUnknown';

export interface Metrics {
  count(name: BusinessMetric, value?: number): void;
}

export interface Logger {
  info(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}
