import { invoiceHtml, invoiceOf } from './invoice.ts';
import type { Order } from './order.ts';

const order: Order = {
  orderId: 'o1',
  status: 'CONFIRMED',
  customerId: 'c<script>',
  contact: { email: 'maria@example.com', name: 'Maria' },
  lines: [
    {
      productId: 'p1',
      name: 'Café <Pilão>',
      quantity: 1,
      unitAmount: 1899,
      lineTotal: 1899,
      priceChanged: false,
    },
    { productId: 'p2', quantity: 1, unitAmount: 100, lineTotal: 100, priceChanged: false },
  ],
  total: { amount: 1999, currency: 'BRL' },
  invoiceSeries: 1,
  invoiceNumber: 42,
  createdAt: '2025-03-01T10:00:00.000Z',
  paymentId: 'pay_o1',
};

describe('invoice', () => {
  it('names the products, as recorded, and the customer; never the address', () => {
    const invoice = invoiceOf(order, { name: 'Loja & Cia', taxId: '12.345.678/0001-95' });

    expect(invoice.lines.map((line) => line.name)).toEqual(['Café <Pilão>', 'p2']);
    expect(invoice.customer).toEqual({ customerId: 'c<script>', name: 'Maria' });
    expect(JSON.stringify(invoice)).not.toContain('maria@example.com');
  });

  it('renders a pt-BR receipt with R$ amounts and the CNPJ, escaping every client-given value', () => {
    const html = invoiceHtml(invoiceOf(order, { name: 'Loja & Cia', taxId: '12.345.678/0001-95' }));

    expect(html).toContain('<html lang="pt-BR">');
    expect(html).toContain('Nota nº <strong>42</strong>');
    expect(html).toContain('R$\u00a018,99');
    expect(html).toContain('R$\u00a019,99');
    expect(html).toContain('Loja &amp; Cia');
    expect(html).toContain('CNPJ 12.345.678/0001-95');
    expect(html).toContain('Café &lt;Pilão&gt;');
    expect(html).toContain('c&lt;script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).not.toMatch(/Invoice no\.|Customer:|Qty/);
  });
});
