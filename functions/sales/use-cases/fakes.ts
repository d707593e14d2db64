import { AppError } from '#lib/errors.ts';
import { paymentSimulator } from '../adapters/payment-simulator.ts';
import type { Granularity } from '../domain/periods.ts';
import type { CachedPrice } from '../domain/price.ts';
import type { Range } from '../domain/report-plan.ts';
import { addPart, type PeriodRollup, type RollupPart } from '../domain/rollup.ts';
import { FIRST_POINTER, generationsFor, type RollupPointer } from '../domain/rollup-generations.ts';
import type {
  InventoryGateway,
  Logger,
  PaymentGateway,
  PriceCache,
  PriceQuote,
  PriceSource,
  PricingGateway,
  RollupReader,
  RollupWriter,
  StockLine,
} from '../ports.ts';

export { CountingMetrics, FakeClock, sequentialIds } from '#test/support/fakes.ts';
export { FakeOrders } from './fake-orders.ts';

export class FakeInventory implements InventoryGateway {
  stock = new Map<string, number>();
  reservations = new Map<string, { lines: StockLine[]; status: 'ACTIVE' | 'COMMITTED' | 'RELEASED' }>();
  down = false;
  calls: string[] = [];
  expiresAt = '2999-01-01T00:00:00.000Z';
  /** The names Inventory answers a reservation with. */
  names = new Map<string, string>();

  async reserve(id: string, lines: StockLine[]) {
    this.calls.push(`reserve ${id}`);
    if (this.down) throw new AppError('dependency_unavailable', 'down');
    const short = lines.filter((l) => (this.stock.get(l.productId) ?? 0) < l.quantity);
    if (short.length > 0) {
      throw new AppError('insufficient_stock', 'short', {
        errors: short.map((l) => ({ path: l.productId, message: 'short' })),
      });
    }
    for (const l of lines) this.stock.set(l.productId, (this.stock.get(l.productId) ?? 0) - l.quantity);
    this.reservations.set(id, { lines, status: 'ACTIVE' });
    return { expiresAt: this.expiresAt, names: new Map(this.names) };
  }
  async release(id: string) {
    this.calls.push(`release ${id}`);
    const r = this.reservations.get(id);
    if (r?.status !== 'ACTIVE') return;
    for (const l of r.lines) this.stock.set(l.productId, (this.stock.get(l.productId) ?? 0) + l.quantity);
    r.status = 'RELEASED';
  }
}

export class FakePricing implements PricingGateway {
  prices = new Map<string, PriceQuote>();
  down = false;
  calls = 0;
  set(productId: string, amount: number, version = 1) {
    this.prices.set(productId, { productId, amount, currency: 'BRL', listAmount: amount, version });
  }
  requested: string[][] = [];
  /** Whether each request could wait longer (no cached price to fall back on). */
  patience: boolean[] = [];
  async currentPrices(
    productIds: readonly string[],
    _correlationId?: string,
    options: { patient?: boolean } = {},
  ) {
    this.calls++;
    this.requested.push([...productIds]);
    this.patience.push(options.patient ?? false);
    if (this.down) throw new AppError('dependency_unavailable', 'down');
    return new Map(
      productIds.flatMap((id) => (this.prices.has(id) ? [[id, this.prices.get(id)!] as const] : [])),
    );
  }
}

export class FakePriceCache implements PriceCache {
  entries = new Map<string, CachedPrice>();
  async getMany(ids: string[]) {
    return new Map(ids.flatMap((id) => (this.entries.has(id) ? [[id, this.entries.get(id)!] as const] : [])));
  }
  async putIfNewer(price: CachedPrice) {
    const old = this.entries.get(price.productId);
    if (old && old.version >= price.version) return false;
    this.entries.set(price.productId, price);
    return true;
  }
  async putFromPricing(price: CachedPrice, askedAt: string) {
    const old = this.entries.get(price.productId);
    if (old && old.version > price.version && old.currentAt >= askedAt) return false;
    this.entries.set(price.productId, price);
    return true;
  }
}

/** Fixed unit prices; a product without one cannot be sold, as with the real source. */
export class FakePriceSource implements PriceSource {
  prices = new Map<string, number>();
  async unitPrices(productIds: string[]) {
    const unpriced = productIds.filter((id) => !this.prices.has(id));
    if (unpriced.length > 0) throw new AppError('conflict', `No price is set for: ${unpriced.join(', ')}`);
    return new Map(productIds.map((id) => [id, this.prices.get(id)!] as const));
  }
}

/** The payment simulator itself, recording what it was asked. */
export class FakePayments implements PaymentGateway {
  charges: string[] = [];
  refunds: string[] = [];
  charge: PaymentGateway['charge'] = (request) => {
    this.charges.push(request.orderId);
    return paymentSimulator.charge(request);
  };
  /** Every refund request, repeats included; `refunds` has each refund the provider paid, once. */
  refundRequests: string[] = [];
  /** Makes the next refund request fail as an unreachable provider would. */
  failNextRefund = false;
  #paid = new Set<string>();
  refund: PaymentGateway['refund'] = async (request) => {
    this.refundRequests.push(request.refundRequestId);
    if (this.failNextRefund) {
      this.failNextRefund = false;
      throw new Error('payment provider unreachable');
    }
    // A provider's idempotency key: a request id it has paid is answered, not paid again.
    if (!this.#paid.has(request.refundRequestId)) {
      this.#paid.add(request.refundRequestId);
      this.refunds.push(request.paymentId);
    }
    return paymentSimulator.refund(request);
  };
}

/** Keeps what was logged, to look at in a test. */
export class RecordingLogger implements Logger {
  lines: { level: 'warn' | 'error'; message: string; attributes: Record<string, unknown> }[] = [];
  warn(message: string, attributes: Record<string, unknown> = {}) {
    this.lines.push({ level: 'warn', message, attributes });
  }
  error(message: string, attributes: Record<string, unknown> = {}) {
    this.lines.push({ level: 'error', message, attributes });
  }
}

/**
 * The rollups in memory, as the store keeps them: per generation, a rollup per hour and per day, and
 * each change applied once (its marker), to the generations the pointer gives it.
 */
export class FakeRollups implements RollupReader, RollupWriter {
  pointer: RollupPointer = FIRST_POINTER;
  /** generation → `granularity#start` → rollup */
  generations = new Map<string, Map<string, PeriodRollup>>();
  applied = new Set<string>();
  /** Rollups read, for a test of what a report costs. */
  read = 0;

  async currentGeneration() {
    return this.pointer.current.id;
  }
  async rollups(generation: string, granularity: Granularity, { from, to }: Range) {
    const found = [...(this.generations.get(generation)?.values() ?? [])]
      .filter((r) => r.granularity === granularity && r.start >= from && r.start < to)
      .sort((a, b) => (a.start < b.start ? -1 : 1));
    this.read += found.length;
    return found;
  }
  async apply(parts: readonly RollupPart[]) {
    for (const part of parts) {
      if (this.applied.has(part.id)) continue;
      this.applied.add(part.id);
      for (const generation of generationsFor(part, this.pointer)) {
        const rollups = this.generations.get(generation) ?? new Map<string, PeriodRollup>();
        this.generations.set(generation, rollups);
        addPart(rollups, part);
      }
    }
    return undefined;
  }
}
