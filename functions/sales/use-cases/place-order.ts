import { AppError } from '#lib/errors.ts';
import {
  type Contact,
  MAX_QUANTITY,
  mergeLines,
  type OrderView,
  orderTotal,
  orderView,
  priceLines,
  type RequestedLine,
} from '../domain/order.ts';
import type {
  Clock,
  InventoryGateway,
  Logger,
  Metrics,
  OrderStore,
  PaymentGateway,
  PriceSource,
  Reservation,
} from '../ports.ts';
import { inStep } from './order-steps.ts';

export interface PlaceOrderInput {
  customerId: string;
  lines: RequestedLine[];
  payment: { method: 'card'; token: string };
  /** Where the receipt is e-mailed (by Notifications, which reads it from the order). */
  contact?: Contact | undefined;
}

interface Deps {
  prices: PriceSource;
  inventory: InventoryGateway;
  payments: PaymentGateway;
  orders: OrderStore;
  clock: Clock;
  metrics: Metrics;
  currency: string;
  newOrderId: () => string;
  /** Where failures that do not fail the order are told (a release, a refund); none: silent. */
  logger?: Logger;
}

/**
 * Inventory's expiry releases a reservation only some time after its expiresAt, once Sales says it has
 * no such order. Recording strictly before expiresAt keeps the two apart: a late order gives its
 * stock back and fails instead of becoming a sale whose stock was returned.
 */
function assertStillReserved(expiresAt: string, now: Date): void {
  if (now.getTime() >= Date.parse(expiresAt)) {
    throw new AppError(
      'dependency_unavailable',
      'The stock reservation ran out before the order was recorded; try again.',
      {
        headers: { 'retry-after': '1' },
      },
    );
  }
}

/** Only what the contact is: no other member of the request reaches the record. */
const contactOf = (contact: Contact): Contact => ({
  email: contact.email,
  ...(contact.name ? { name: contact.name } : {}),
});

/**
 * The order flow of API.md, in its order: validate, price, reserve, charge, record (with OrderConfirmed,
 * on which Inventory commits).
 * Once stock is reserved, every failure before the order is recorded gives it back (best effort;
 * Inventory's expiry is the backstop, and it asks Sales whether the order exists before releasing).
 * Each step runs inside its share of the request deadline (order-steps.ts), which keeps the time to
 * give the stock back; a step there is no longer time for is not started (503).
 */
export function makePlaceOrder(deps: Deps) {
  const { prices, inventory, payments, orders, clock, metrics, currency, newOrderId, logger } = deps;

  const releaseQuietly = (orderId: string, correlationId: string) =>
    inventory.release(orderId, correlationId).catch((error: unknown) => {
      logger?.warn('release failed; the reservation will expire on its own', {
        orderId,
        error: error as Error,
      });
    });

  /** Gives back what an attempt that will not become an order took: its stock and its money. */
  async function undo(orderId: string, paymentId: string | undefined, amount: number, correlationId: string) {
    await releaseQuietly(orderId, correlationId);
    if (paymentId) {
      await payments
        .refund({ refundRequestId: `unrecorded-${orderId}`, paymentId, amount, currency })
        .catch((error: unknown) => {
          logger?.error('refund of an unrecorded order failed', { orderId, error: error as Error });
        });
    }
  }

  /** `placedBy`: who places it (`principal.actor`), recorded on the order and in OrderConfirmed. */
  return async function placeOrder(
    input: PlaceOrderInput,
    correlationId: string,
    idempotencyKey?: string,
    placedBy?: string,
  ): Promise<OrderView> {
    // 1. validate (shape by the route's schema) and merge repeated products
    const requested = mergeLines(input.lines);
    const tooMany = requested.findIndex((line) => line.quantity > MAX_QUANTITY);
    if (tooMany >= 0) {
      throw new AppError(
        'validation_failed',
        'A product listed more than once adds up to over 1 000 000 units.',
        {
          errors: [
            { path: 'body.lines', message: `quantity of '${requested[tooMany]!.productId}' exceeds 1000000` },
          ],
        },
      );
    }
    const orderId = newOrderId();

    // 2. price each line
    const unitPrices = await inStep('price', () =>
      prices.unitPrices(
        requested.map((line) => line.productId),
        correlationId,
      ),
    );
    const lines = priceLines(requested, unitPrices);
    const total = orderTotal(lines, currency);
    if (!Number.isSafeInteger(total.amount)) {
      throw new AppError('validation_failed', 'The order total is too large.', {
        errors: [{ path: 'body.lines', message: 'total too large' }],
      });
    }

    // 3. reserve the stock; the reservation id is the order id
    const stockLines = lines.map(({ productId, quantity }) => ({ productId, quantity }));
    let reservation: Reservation;
    try {
      reservation = await inStep('reserve', () => inventory.reserve(orderId, stockLines, correlationId));
    } catch (error) {
      if (error instanceof AppError && error.code === 'insufficient_stock') {
        metrics.count('OrdersRejectedStock');
      } else {
        // A time-out may hide a reservation that was made; give it back so nothing is kept.
        await releaseQuietly(orderId, correlationId);
      }
      throw error;
    }

    let paymentId: string | undefined;
    try {
      // 4. charge
      const charge = await inStep('charge', () =>
        payments.charge({ orderId, amount: total.amount, currency, token: input.payment.token }),
      );
      if (!charge.approved) {
        metrics.count('PaymentsDeclined');
        throw new AppError('payment_declined', `The payment was declined: ${charge.reason}.`);
      }
      paymentId = charge.paymentId;
      assertStillReserved(reservation.expiresAt, clock.now());

      // 5. record CONFIRMED with its invoice number and OrderConfirmed, in one transaction
      const order = await inStep('record', () =>
        orders.recordConfirmed(
          {
            orderId,
            status: 'CONFIRMED',
            customerId: input.customerId,
            ...(input.contact ? { contact: contactOf(input.contact) } : {}),
            // Named as Inventory names the products now: a later rename leaves this receipt as it was.
            lines: lines.map((line) => {
              const name = reservation.names.get(line.productId);
              return name === undefined ? line : { ...line, name };
            }),
            total,
            createdAt: clock.now().toISOString(),
            paymentId: charge.paymentId,
            ...(placedBy === undefined ? {} : { placedBy }),
          },
          correlationId,
          idempotencyKey,
        ),
      );
      if (order.orderId !== orderId) {
        // An earlier attempt with this key was recorded: answer it and undo this attempt.
        await undo(orderId, paymentId, total.amount, correlationId);
        return orderView(order, []);
      }
      metrics.count('OrdersConfirmed');

      // 6. OrderConfirmed (recorded with the order) makes Inventory commit the reservation: a call
      // here would cost the order a round trip and two writes for a commit a moment sooner (README).
      return orderView(order, []);
    } catch (error) {
      // A failed write may still have landed (a lost answer): a recorded order keeps its stock.
      const recorded = paymentId ? await orders.get(orderId).catch(() => undefined) : undefined;
      if (recorded) return orderView(recorded, []);
      await undo(orderId, paymentId, total.amount, correlationId);
      throw error;
    }
  };
}
