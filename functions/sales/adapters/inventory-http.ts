import { RETRY_BUDGET_MS } from '#lib/dynamodb/backoff.ts';
import { AppError, type FieldError } from '#lib/errors.ts';
import { callService } from '#lib/http/service-client.ts';
import type { InventoryGateway } from '../ports.ts';

interface ProblemBody {
  code?: string;
  detail?: string;
  errors?: FieldError[];
}

/**
 * Caps of one attempt; the request deadline (the order step's share of it) may leave less, and then a
 * call there is no time for is not made.
 */
const TIMEOUT_MS = 2000;
/**
 * Inventory retries a reservation on a hot product for up to its retry budget; waiting less would
 * give up on a reservation it still makes. The rest is for its reads, its writes and the hop.
 */
const RESERVE_TIMEOUT_MS = RETRY_BUDGET_MS + 3000;

function unexpected(what: string, status: number, body: unknown): Error {
  const cause = new Error(`Inventory ${what} answered ${status}: ${JSON.stringify(body)}`);
  // 429: Inventory's retry budget ran out on a product changing too fast; the order may be tried again.
  if (status >= 500 || status === 429) {
    return new AppError('dependency_unavailable', 'Inventory is unavailable; try again shortly.', {
      headers: { 'retry-after': '5' },
      cause,
    });
  }
  return cause;
}

/** Inventory over HTTP (API.md, Inventory). Every call is idempotent there, so retries are safe. */
export const inventoryHttp: InventoryGateway = {
  async reserve(reservationId, lines, correlationId) {
    const { status, body } = await callService({
      method: 'POST',
      path: '/inventory/reservations',
      body: { reservationId, lines },
      correlationId,
      timeoutMs: RESERVE_TIMEOUT_MS,
      // A gateway 502-504 is retried once; a time-out is not: Inventory is still working on that attempt,
      // and the release after the failure (place-order) leaves its id a tombstone so it takes no stock.
      retries: 1,
      retryOnTimeout: false,
    });
    if (status === 200 || status === 201) {
      const answer = body as { expiresAt: string; lines?: { productId: string; name?: string }[] };
      const names = new Map(
        (answer.lines ?? []).flatMap((line) => (line.name ? [[line.productId, line.name] as const] : [])),
      );
      return { expiresAt: answer.expiresAt, names };
    }
    const problem = (body ?? {}) as ProblemBody;
    if (status === 409 && problem.code === 'insufficient_stock') {
      throw new AppError('insufficient_stock', problem.detail ?? 'Not enough stock for this order.', {
        ...(problem.errors ? { errors: problem.errors } : {}),
      });
    }
    throw unexpected('reservation', status, body);
  },

  async release(reservationId, correlationId) {
    const { status, body } = await callService({
      method: 'DELETE',
      path: `/inventory/reservations/${encodeURIComponent(reservationId)}`,
      correlationId,
      timeoutMs: TIMEOUT_MS,
      retries: 1,
    });
    // 404: it was never made (e.g. the reservation call timed out before Inventory saw it).
    if (status !== 200 && status !== 404) throw unexpected('release', status, body);
  },
};
