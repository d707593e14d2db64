import { invoiceHtml, invoiceOf } from './invoice.ts';
import type { Order } from './order.ts';

const order: Order = {
  orderId: 'o1',
  status: 'CONFIRMED',
  customerId: 'c<script>',
  lines: [{ productId: 'p1', quantity: 1, unitAmount: 1899, lineTotal: 1899, priceChanged: false }],
  total: { amount: 1899, currency: 'BRL' },
  invoiceNumber: 42,
  createdAt: '2025-03-01T10:00:00.000Z',
  paymentId: 'pay_o1',
};

describe('invoice', () => {
  it('renders BRL amounts and escapes every client-given value', () => {
    const html = invoiceHtml(invoiceOf(order, { name: 'Loja & Cia', taxId: '12.345' }));

    expect(html).toContain('R$\u00a018,99');
    expect(html).toContain('Loja &amp; Cia');
    expect(html).toContain('c&lt;script&gt;');
    expect(html).not.toContain('<script>');
  });
});
