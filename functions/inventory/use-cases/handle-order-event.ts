import { isAppError } from '#lib/errors.ts';
import type { Reservation } from '../domain/reservation.ts';

export interface OrderEventDeps {
  commit: (reservationId: string) => Promise<Reservation>;
  release: (reservationId: string, correlationId: string) => Promise<Reservation>;
  warn: (message: string, detail: Record<string, unknown>) => void;
}

/**
 * Sales' events, at least once and in any order. Each maps to a conditional status transition, so a
 * duplicate finds the work done and a late one (a confirmation after the cancellation, an unknown
 * reservation) changes nothing; both are acknowledged rather than retried into the DLQ.
 */
export const makeOrderEventHandlers = (deps: OrderEventDeps) => ({
  async confirmed(orderId: string): Promise<void> {
    await ignoringSettled(() => deps.commit(orderId), deps, { orderId, event: 'OrderConfirmed' });
  },
  async cancelled(orderId: string, correlationId: string): Promise<void> {
    await ignoringSettled(() => deps.release(orderId, correlationId), deps, {
      orderId,
      event: 'OrderCancelled',
    });
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
