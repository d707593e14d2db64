import { isAppError } from '#lib/errors.ts';
import type { Reservation, ReservationLine } from '../domain/reservation.ts';
import { INVENTORY_ACTOR } from '../domain/stock.ts';
import type { RestockOutcome, ReturnedGoods } from './restock-return.ts';

/** What a cancelled sale gives back, and who cancelled it. */
export interface CancelledSale {
  lines: readonly ReservationLine[];
  actor: string;
}

export interface OrderEventDeps {
  commit: (reservationId: string) => Promise<Reservation>;
  release: (reservationId: string, cancelled: CancelledSale) => Promise<Reservation>;
  restock: (goods: ReturnedGoods) => Promise<RestockOutcome>;
  warn: (message: string, detail: Record<string, unknown>) => void;
}

/** The payloads as the consumer hands them over; `actor` is absent on events older than actors. */
interface Cancelled {
  orderId: string;
  lines: readonly ReservationLine[];
  actor?: string | undefined;
}
interface Returned extends Cancelled {
  returnId: string;
  restock: boolean;
}

const linesOf = (lines: readonly ReservationLine[]) =>
  lines.map(({ productId, quantity }) => ({ productId, quantity }));

/**
 * Sales' events, at least once and in any order. Each maps to a write conditioned on the work not
 * being done yet (a status transition, a return's restock marker), so a duplicate finds the work done
 * and a late one (a confirmation after the cancellation, an unknown reservation or product) changes
 * nothing; both are acknowledged rather than retried into the DLQ. The changes name the event's actor,
 * or Inventory itself when the event names none.
 */
export const makeOrderEventHandlers = (deps: OrderEventDeps) => ({
  async confirmed(orderId: string): Promise<void> {
    await ignoringSettled(() => deps.commit(orderId), deps, { orderId, event: 'OrderConfirmed' });
  },
  async cancelled(data: Cancelled): Promise<void> {
    const cancelled = { lines: linesOf(data.lines), actor: data.actor ?? INVENTORY_ACTOR };
    await ignoringSettled(() => deps.release(data.orderId, cancelled), deps, {
      orderId: data.orderId,
      event: 'OrderCancelled',
    });
  },
  async returned(data: Returned): Promise<void> {
    const outcome = await deps.restock({
      orderId: data.orderId,
      returnId: data.returnId,
      lines: linesOf(data.lines),
      restock: data.restock,
      actor: data.actor ?? INVENTORY_ACTOR,
    });
    if ((outcome.kind === 'restocked' || outcome.kind === 'nothing-known') && outcome.unknown.length > 0) {
      deps.warn('returned products unknown here were not restocked', {
        orderId: data.orderId,
        returnId: data.returnId,
        event: 'OrderReturned',
        productIds: outcome.unknown,
      });
    }
  },
});

async function ignoringSettled(
  run: () => Promise<unknown>,
  deps: OrderEventDeps,
  detail: Record<string, unknown>,
): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (isAppError(error) && (error.code === 'not_found' || error.code === 'conflict')) {
      deps.warn('order event changes nothing', { ...detail, reason: error.message });
      return;
    }
    throw error;
  }
}
