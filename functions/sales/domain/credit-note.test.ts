import { anOrder } from '#test/support/orders.ts';
import { creditNoteHtml } from './credit-note.ts';
import { planReturn } from './returns.ts';

const order = anOrder({
  customerId: 'c<script>',
  lines: [{ productId: 'p1', quantity: 3, unitAmount: 670, lineTotal: 2010, priceChanged: false }],
  total: { amount: 2010, currency: 'BRL' },
  invoiceNumber: 42,
});

describe('credit note', () => {
  it('renders pt-BR labels and BRL amounts, and escapes every client-given value', () => {
    const { record } = planReturn(order, {
      returnId: 'r1',
      lines: [{ productId: 'p1', quantity: 2 }],
      restock: false,
      reason: 'quebrado <b>',
      actor: 'user:caixa',
      at: '2025-03-02T10:00:00.000Z',
    });

    const html = creditNoteHtml({ ...record, creditNoteNumber: 5 }, order, { name: 'Loja & Cia' });

    expect(html).toContain('<html lang="pt-BR">');
    expect(html).toContain('Nota de crédito nº 5');
    expect(html).toContain('nota nº 42');
    expect(html).toContain('R$\u00a013,40');
    expect(html).toContain('não revendável');
    expect(html).toContain('quebrado &lt;b&gt;');
    expect(html).toContain('c&lt;script&gt;');
    expect(html).toContain('Loja &amp; Cia');
    expect(html).not.toContain('<script>');
  });
});
