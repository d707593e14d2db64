import type { Envelope } from '#lib/events/envelope.ts';
import { invalidCursor, type Page } from '#lib/pagination.ts';
import type { HistoryEntry, PriceRecord, PriceState, PriceWrite, PromotionLink } from '../domain/price.ts';
import { nextTransition, type PromotionStatus, type StoredPromotion } from '../domain/promotion.ts';
import type { Logger, PriceStore, PromotionStore } from '../ports.ts';

export { CountingMetrics, FakeClock, sequentialIds } from '#test/support/fakes.ts';

const copy = <T>(value: T): T => structuredClone(value);

/** A page of `sorted` after the item whose key is `cursor`; a full page always offers a next cursor. */
function pageOf<T>(
  sorted: T[],
  keyOf: (item: T) => string,
  limit: number,
  cursor: string | undefined,
): Page<T> {
  let start = 0;
  if (cursor !== undefined) {
    start = sorted.findIndex((item) => keyOf(item) === cursor) + 1;
    if (start === 0) throw invalidCursor();
  }
  const items = sorted.slice(start, start + limit);
  const last = items.at(-1);
  return { items: items.map(copy), nextCursor: items.length === limit && last ? keyOf(last) : null };
}

export class FakePriceStore implements PriceStore {
  prices = new Map<string, PriceRecord>();
  history = new Map<string, HistoryEntry[]>();
  links = new Map<string, PromotionLink[]>();
  /** The PriceChanged events of the writes that went through: what the outbox received. */
  events: Envelope<'PriceChanged'>[] = [];

  async readState(productId: string): Promise<PriceState> {
    const links = [...(this.links.get(productId) ?? [])].sort((a, b) =>
      a.promotionId < b.promotionId ? -1 : 1,
    );
    return { price: copy(this.prices.get(productId)), links: links.map(copy) };
  }

  async pricedProducts(productIds: readonly string[]) {
    return new Set(productIds.filter((id) => this.prices.has(id)));
  }

  async write({ next, expectedVersion, history, event }: PriceWrite) {
    const current = this.prices.get(next.productId);
    const entries = this.history.get(next.productId) ?? [];
    const versionHolds = expectedVersion === null ? !current : current?.version === expectedVersion;
    if (!versionHolds || (history && entries.some((h) => h.version === history.version))) return false;
    this.prices.set(next.productId, copy(next));
    if (history) this.history.set(next.productId, [...entries, copy(history)]);
    if (event) this.events.push(copy(event));
    return true;
  }

  async listHistory(productId: string, limit: number, cursor: string | undefined) {
    const newestFirst = [...(this.history.get(productId) ?? [])].sort((a, b) => b.version - a.version);
    return pageOf(newestFirst, (h) => String(h.version), limit, cursor);
  }
}

interface PromotionRow {
  promotion: StoredPromotion;
  /** The due index's key: set while a transition is pending, null once there is none. */
  dueAt: string | null;
}

/** Links land on the product partitions of `prices`, as the DynamoDB adapter's share one table. */
export class FakePromotionStore implements PromotionStore {
  rows = new Map<string, PromotionRow>();
  readonly #prices: FakePriceStore;

  constructor(prices: FakePriceStore) {
    this.#prices = prices;
  }

  async create(promotion: StoredPromotion) {
    const { promotionId, startsAt, endsAt } = promotion;
    for (const productId of promotion.productIds) {
      const links = this.#prices.links.get(productId) ?? [];
      this.#prices.links.set(productId, [...links, { promotionId, startsAt, endsAt }]);
    }
    if (this.rows.has(promotionId)) throw new Error(`promotion ${promotionId} exists`);
    this.rows.set(promotionId, {
      promotion: copy(promotion),
      dueAt: nextTransition(promotion, promotion.phase),
    });
  }

  async get(promotionId: string) {
    return copy(this.rows.get(promotionId)?.promotion);
  }

  async getMany(promotionIds: readonly string[]) {
    return promotionIds.flatMap((id) => {
      const row = this.rows.get(id);
      return row ? [copy(row.promotion)] : [];
    });
  }

  async list(limit: number, cursor: string | undefined) {
    const newestFirst = [...this.rows.values()]
      .map((row) => row.promotion)
      .sort((a, b) => (a.promotionId < b.promotionId ? 1 : -1));
    return pageOf(newestFirst, (p) => p.promotionId, limit, cursor);
  }

  async due(now: string, limit: number) {
    return [...this.rows.values()]
      .filter((row): row is PromotionRow & { dueAt: string } => row.dueAt !== null && row.dueAt <= now)
      .sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0))
      .slice(0, limit)
      .map((row) => copy(row.promotion));
  }

  async end(promotionId: string, rev: number, endedAt: string, endedBy: string) {
    const row = this.rows.get(promotionId);
    if (row?.promotion.rev !== rev || row.promotion.endedAt !== null) return false;
    row.promotion = { ...row.promotion, endedAt, endedBy, rev: rev + 1 };
    row.dueAt = endedAt;
    return true;
  }

  async advance(promotionId: string, rev: number, phase: PromotionStatus, nextDue: string | null) {
    const row = this.rows.get(promotionId);
    if (row?.promotion.rev !== rev) return false;
    row.promotion = { ...row.promotion, phase, rev: rev + 1 };
    row.dueAt = nextDue;
    return true;
  }
}

/** Both stores on one fake table. */
export function fakeStores() {
  const prices = new FakePriceStore();
  return { prices, promotions: new FakePromotionStore(prices) };
}

export class RecordingLogger implements Logger {
  lines: { message: string; attributes?: Record<string, unknown> }[] = [];
  info(message: string, attributes?: Record<string, unknown>) {
    this.lines.push({ message, attributes });
  }
}
