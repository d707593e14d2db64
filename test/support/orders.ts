import type { Order } from '../../functions/sales/domain/order.ts';

/**
 * A confirmed one-line order (two units at 1,00), for the Sales tests: each names in `overrides` only
 * what it is about.
 */
export const anOrder = (overrides: Partial<Order> = {}): Order => ({
  orderId: 'o1',
  status: 'CONFIRMED',
  customerId: 'c1',
  lines: [{ productId: 'p1', quantity: 2, unitAmount: 100, lineTotal: 200, priceChanged: false }],
  total: { amount: 200, currency: 'BRL' },
  invoiceSeries: 1,
  invoiceNumber: 1,
  createdAt: '2025-03-01T10:00:00.000Z',
  paymentId: 'pay_o1',
  ...overrides,
});
