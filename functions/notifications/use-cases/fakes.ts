import { AppError } from '#lib/errors.ts';
import type {
  Claim,
  ClaimResult,
  Email,
  InventoryProducts,
  Logger,
  Mailer,
  NotificationLog,
  NotificationRecord,
  OrderNotice,
  ProductNotice,
  SalesOrders,
  SendResult,
  Settlement,
} from '../ports.ts';

export { CountingMetrics, FakeClock } from '#test/support/fakes.ts';

/** Each write checks its condition and applies its effect in one step, as one conditional write does. */
export class FakeNotificationLog implements NotificationLog {
  records = new Map<string, NotificationRecord>();
  async get(eventId: string) {
    const record = this.records.get(eventId);
    return record && { ...record };
  }
  async claim(claim: Claim): Promise<ClaimResult> {
    const before = this.records.get(claim.eventId);
    if (before && before.status !== 'SEND_FAILED') return { kind: 'taken' };
    const attempt = (before?.attempts ?? 0) + 1;
    this.records.set(claim.eventId, {
      eventId: claim.eventId,
      eventType: claim.eventType,
      kind: claim.kind,
      status: 'SENDING',
      attempts: attempt,
      recipient: claim.recipient,
      updatedAt: claim.at,
    });
    return { kind: 'claimed', attempt };
  }
  async settle(eventId: string, attempt: number, settlement: Settlement, at: string) {
    const before = this.records.get(eventId);
    if (before?.status !== 'SENDING' || before.attempts !== attempt) return;
    const { status, ...rest } = settlement;
    this.records.set(eventId, { ...before, ...rest, status, updatedAt: at });
  }
}

/** Answers each send with the next scripted result (then `sent`), and keeps what it was given. */
export class FakeMailer implements Mailer {
  sent: Email[] = [];
  attempts: Email[] = [];
  script: SendResult['kind'][] = [];
  /** Runs while a send is in flight, to let a test race a second delivery against it. */
  during?: () => Promise<void>;
  async send(email: Email): Promise<SendResult> {
    this.attempts.push(email);
    await this.during?.();
    const next = this.script.shift() ?? 'sent';
    if (next === 'sent') {
      this.sent.push(email);
      return { kind: 'sent', messageId: `msg-${this.sent.length}` };
    }
    return { kind: next, reason: `scripted ${next}` } as SendResult;
  }
}

export class FakeSalesOrders implements SalesOrders {
  orders = new Map<string, OrderNotice>();
  down = false;
  reads = 0;
  async order(orderId: string) {
    this.reads++;
    if (this.down) throw new AppError('dependency_unavailable', 'Sales is down');
    const order = this.orders.get(orderId);
    return order && structuredClone(order);
  }
}

export class FakeInventoryProducts implements InventoryProducts {
  products = new Map<string, ProductNotice>();
  down = false;
  async product(productId: string) {
    if (this.down) throw new AppError('dependency_unavailable', 'Inventory is down');
    return this.products.get(productId);
  }
}

/** Keeps every line, so a test can check that no address was ever logged. */
export class FakeLogger implements Logger {
  lines: { level: string; message: string; attributes: Record<string, unknown> }[] = [];
  info(message: string, attributes: Record<string, unknown>) {
    this.lines.push({ level: 'info', message, attributes });
  }
  warn(message: string, attributes: Record<string, unknown>) {
    this.lines.push({ level: 'warn', message, attributes });
  }
  error(message: string, attributes: Record<string, unknown>) {
    this.lines.push({ level: 'error', message, attributes });
  }
}
