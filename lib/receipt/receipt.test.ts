import { type ReceiptView, receiptHtml, receiptText } from './receipt.ts';

const view: ReceiptView = {
  seller: { name: 'Loja <Exemplo>', taxId: '12.345.678/0001-95' },
  invoiceNumber: 7,
  orderId: 'ord_7',
  issuedAt: '2025-03-01T12:00:00.000Z',
  customer: { customerId: 'cust-1' },
  lines: [{ productId: 'cafe', name: 'Café Pilão 500g', quantity: 1, unitAmount: 1899, lineTotal: 1899 }],
  total: { amount: 1899, currency: 'BRL' },
};

const plain = (text: string) => text.replaceAll('\u00a0', ' ');

describe('the receipt, printable and mailed', () => {
  it('is one pt-BR document: Nota nº, the names, R$ amounts, the seller and CNPJ, escaped', () => {
    const html = plain(receiptHtml(view));

    expect(html).toContain('<html lang="pt-BR">');
    expect(html).toContain('<title>Nota nº 7, série 1</title>');
    expect(html).toContain('Nota nº <strong>7</strong>');
    expect(html).toContain('Café Pilão 500g');
    expect(html).toContain('R$ 18,99');
    expect(html).toContain('Loja &lt;Exemplo&gt; &middot; CNPJ 12.345.678/0001-95');
    expect(html).not.toContain('<Exemplo>');
    expect(html).not.toMatch(/Invoice|Customer|Qty|Status:/);
  });

  it('says when the order is no longer simply confirmed, and carries intro lines in both parts', () => {
    const cancelled = { ...view, status: 'CANCELLED' };

    expect(receiptHtml(cancelled)).toContain('Situação: Cancelado');
    expect(receiptText(cancelled)).toContain('Situação: Cancelado');
    expect(receiptText(view)).not.toContain('Situação');
    expect(
      receiptText(view, { intro: ['Olá!'] }).startsWith('Olá!\n\nNota nº 7, série 1 · Pedido ord_7'),
    ).toBe(true);
    expect(receiptHtml(view, { intro: ['<b>Olá</b>'] })).toContain('&lt;b&gt;Olá&lt;/b&gt;');
  });
});
