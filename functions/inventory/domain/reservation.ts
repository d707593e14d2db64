/**
 * Reservation lifecycle. ACTIVE holds stock; COMMITTED is a recorded sale and never expires; RELEASED
 * and EXPIRED have given their stock back. Stock returns only on a transition out of ACTIVE (or, for a
 * cancelled sale, out of COMMITTED), and every transition is conditioned on the status it leaves, so
 * commit, release and expiry racing each other return stock at most once.
 */
export type ReservationStatus = 'ACTIVE' | 'COMMITTED' | 'RELEASED' | 'EXPIRED';

export interface ReservationLine {
  productId: string;
  quantity: number;
}

export interface Reservation {
  reservationId: string;
  status: ReservationStatus;
  lines: ReservationLine[];
  expiresAt: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * API.md's limit. One transaction holds, per line, the product update (its movement rides in the
 * product's journal), plus the reservation and its release-tombstone check: 52 of DynamoDB's 100 items.
 */
export const MAX_RESERVATION_LINES = 50;

/** Indexes of lines whose product already appeared earlier in the list (such a request is a 400). */
export function duplicateLineIndexes(lines: readonly ReservationLine[]): number[] {
  const seen = new Set<string>();
  const repeated: number[] = [];
  lines.forEach((line, index) => {
    if (seen.has(line.productId)) repeated.push(index);
    seen.add(line.productId);
  });
  return repeated;
}

const key = (lines: readonly ReservationLine[]) =>
  [...lines]
    .sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0))
    .map((l) => `${l.productId}:${l.quantity}`)
    .join(',');

/** Same products and quantities, in any order: a retry of the same reservation. */
export const sameLines = (a: readonly ReservationLine[], b: readonly ReservationLine[]): boolean =>
  key(a) === key(b);

export const expiryFrom = (now: Date, ttlSeconds: number): string =>
  new Date(now.getTime() + ttlSeconds * 1000).toISOString();

/**
 * Sales' statuses of an order that was sold, returns included (a return moves stock through
 * OrderReturned, never through the reservation): its reservation is committed, never released.
 */
export const SOLD_ORDER_STATUSES = ['CONFIRMED', 'PARTIALLY_RETURNED', 'RETURNED'] as const;
export type SoldOrderStatus = (typeof SOLD_ORDER_STATUSES)[number];
export const isSold = (status: string): status is SoldOrderStatus =>
  (SOLD_ORDER_STATUSES as readonly string[]).includes(status);

export type CommitDecision = 'commit' | 'already-committed' | 'conflict';

export function decideCommit(status: ReservationStatus): CommitDecision {
  if (status === 'ACTIVE') return 'commit';
  if (status === 'COMMITTED') return 'already-committed';
  return 'conflict';
}

export type ReleaseDecision = 'release' | 'already-released' | 'conflict';

/**
 * `cancelledSale` is the OrderCancelled path only: a committed sale returns its stock when Sales
 * cancels it, never through the public DELETE (which answers 409 for COMMITTED).
 */
export function decideRelease(status: ReservationStatus, cancelledSale: boolean): ReleaseDecision {
  if (status === 'ACTIVE') return 'release';
  if (status === 'COMMITTED') return cancelledSale ? 'release' : 'conflict';
  return 'already-released';
}

/**
 * What a release gives back: every reserved line, or, for a cancelled sale, what Sales cancelled (an
 * order partly returned before cancels only the rest), never more of a product than was reserved.
 */
export function linesToGiveBack(
  reserved: readonly ReservationLine[],
  cancelled?: readonly ReservationLine[],
): ReservationLine[] {
  if (cancelled === undefined) return reserved.map((l) => ({ ...l }));
  return reserved.flatMap((line) => {
    const asked = cancelled
      .filter((c) => c.productId === line.productId)
      .reduce((sum, c) => sum + c.quantity, 0);
    const quantity = Math.min(line.quantity, asked);
    return quantity > 0 ? [{ productId: line.productId, quantity }] : [];
  });
}

/** The statuses a release may leave, used as the write's condition. */
export const releasableFrom = (cancelledSale: boolean): ReservationStatus[] =>
  cancelledSale ? ['ACTIVE', 'COMMITTED'] : ['ACTIVE'];

/** With `names`, each line also names its product (the answer to a new reservation: Sales' receipts). */
export function publicReservation(r: Reservation, names?: ReadonlyMap<string, string>) {
  return {
    reservationId: r.reservationId,
    status: r.status,
    lines: r.lines.map((l) => {
      const name = names?.get(l.productId);
      return { productId: l.productId, quantity: l.quantity, ...(name === undefined ? {} : { name }) };
    }),
    expiresAt: r.expiresAt,
    createdAt: r.createdAt,
  };
}
