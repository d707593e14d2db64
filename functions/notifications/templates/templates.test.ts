import { brl, dateTime, escapeHtml, subjectLine } from '#lib/receipt/format.ts';
import { cancellationEmail, returnEmail } from './order-notices.ts';
import { type ReceiptView, receiptEmail } from './receipt.ts';
import { stockAlertEmail } from './stock-alert.ts';

const seller = { name: 'Mercadinho Bom Preço', taxId: '12.345.678/0001-95' };

const receipt = (overrides: Partial<ReceiptView> = {}): ReceiptView => ({
  seller,
  invoiceNumber: 42,
  orderId: 'ord_1',
  issuedAt: '2025-03-01T12:00:00.000Z',
  customer: { customerId: 'cust-1', name: 'Maria' },
  lines: [
    { productId: 'cafe-pilao-500g', name: 'Café Pilão 500g', quantity: 2, unitAmount: 1899, lineTotal: 3798 },
    { productId: 'acucar-1kg', name: 'Açúcar União 1kg', quantity: 1, unitAmount: 549, lineTotal: 549 },
  ],
  total: { amount: 4347, currency: 'BRL' },
  ...overrides,
});

/** Intl writes a no-break space after `R$`; tests compare on plain spaces. */
const plain = (text: string) => text.replaceAll('\u00a0', ' ');

describe('format', () => {
  it('writes money in pt-BR reais and dates in the shop time zone', () => {
    expect(plain(brl({ amount: 123456, currency: 'BRL' }))).toBe('R$ 1.234,56');
    expect(dateTime('2025-03-01T12:00:00.000Z')).toBe('01/03/2025, 09:00');
  });

  it('escapes every character that could open markup', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;',
    );
  });

  it('keeps a subject on one line', () => {
    expect(subjectLine('Café\r\nBcc: someone\tmore')).toBe('Café Bcc: someone more');
  });
});

describe('the receipt', () => {
  it('has the invoice number and the shop in the subject, and names, quantities and totals in both parts', () => {
    const email = receiptEmail(receipt());

    expect(email.subject).toBe('Mercadinho Bom Preço: recibo da sua compra, nota nº 42, série 1');
    for (const part of [plain(email.text), plain(email.html)]) {
      expect(part).toContain('Café Pilão 500g');
      expect(part).toContain('Açúcar União 1kg');
      expect(part).toContain('R$ 43,47');
      expect(part).toContain('R$ 37,98');
      expect(part).toContain('Nota nº');
      expect(part).toContain('CNPJ 12.345.678/0001-95');
      expect(part).toContain('01/03/2025, 09:00');
    }
    expect(email.text).toContain('Olá, Maria!');
    expect(email.html).toContain('<html lang="pt-BR">');
    expect(email.html).not.toMatch(/Invoice|Total:\s*\$|Qty/);
  });

  it('escapes a product or customer name in the HTML, and leaves the text as typed', () => {
    const email = receiptEmail(
      receipt({
        customer: { customerId: 'c', name: '<b>Zé</b>' },
        lines: [
          { productId: 'x', name: '<script>alert(1)</script>', quantity: 1, unitAmount: 1, lineTotal: 1 },
        ],
        total: { amount: 1, currency: 'BRL' },
      }),
    );

    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<b>Zé</b>');
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.text).toContain('<script>alert(1)</script>');
  });

  it('names a product by its id when no name is known, and leaves out the CNPJ when none is set', () => {
    const email = receiptEmail(
      receipt({
        seller: { name: 'Loja' },
        lines: [{ productId: 'cafe-pilao-500g', quantity: 1, unitAmount: 10, lineTotal: 10 }],
        customer: { customerId: 'c' },
      }),
    );

    expect(email.text).toContain('1 × cafe-pilao-500g');
    expect(email.text).toContain('Olá!');
    expect(email.html).not.toContain('CNPJ');
  });
});

describe('order notices', () => {
  it('says what was cancelled and the refund', () => {
    const email = cancellationEmail({
      seller,
      orderId: 'ord_1',
      invoiceNumber: 42,
      customerName: 'Maria',
      lines: receipt().lines,
      refund: { amount: 4347, currency: 'BRL' },
    });

    expect(email.subject).toBe('Mercadinho Bom Preço: pedido cancelado, nota nº 42, série 1');
    for (const part of [plain(email.text), plain(email.html)]) {
      expect(part).toContain('Café Pilão 500g');
      expect(part).toContain('Reembolso');
      expect(part).toContain('R$ 43,47');
    }
  });

  it('says what was returned, the credit note and the refund', () => {
    const email = returnEmail({
      seller,
      orderId: 'ord_1',
      invoiceNumber: 42,
      returnId: 'ret-1',
      creditNoteNumber: 7,
      lines: [{ productId: 'cafe-pilao-500g', name: 'Café <Pilão>', quantity: 1 }],
      refund: { amount: 1899, currency: 'BRL' },
    });

    expect(email.subject).toBe('Mercadinho Bom Preço: devolução registrada, nota de crédito nº 7');
    expect(plain(email.text)).toContain('1 × Café <Pilão>');
    expect(plain(email.text)).toContain('Nota de crédito nº 7. Reembolso: R$ 18,99.');
    expect(email.html).toContain('Café &lt;Pilão&gt;');
    expect(plain(email.html)).toContain('R$ 18,99');
  });
});

describe('the low-stock alert', () => {
  it('names the product, its stock, the reorder point and the open reorder', () => {
    const email = stockAlertEmail({
      seller,
      product: { productId: 'cafe-pilao-500g', name: 'Café Pilão 500g', sku: '789' },
      quantity: 3,
      reorderPoint: 10,
      reorder: { reorderId: 'ro-1', quantity: 50 },
    });

    expect(email.subject).toBe('Mercadinho Bom Preço: estoque baixo de Café Pilão 500g (3 un.)');
    for (const part of [email.text, email.html]) {
      expect(part).toContain('Café Pilão 500g');
      expect(part).toContain('3 un.');
      expect(part).toContain('10 un.');
      expect(part).toContain('ro-1 (aberto, 50 un.)');
    }
  });

  it('escapes the product name', () => {
    const email = stockAlertEmail({
      seller,
      product: { productId: 'x', name: '<img src=x onerror=alert(1)>' },
      quantity: 0,
      reorderPoint: 1,
      reorder: { reorderId: 'r' },
    });

    expect(email.html).not.toContain('<img');
    expect(email.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
