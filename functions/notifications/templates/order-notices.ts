import type { Money } from '#lib/money.ts';
import {
  brl,
  escapeHtml as e,
  invoiceRef,
  type RenderedEmail,
  type Seller,
  subjectLine,
} from '#lib/receipt/format.ts';
import {
  emailPage,
  type ItemLine,
  itemsTable,
  itemsText,
  paragraph,
  textFooter,
} from '#lib/receipt/layout.ts';

const greeting = (name: string | undefined): string => (name ? `Olá, ${name}.` : 'Olá.');

export interface CancellationView {
  seller: Seller;
  orderId: string;
  invoiceSeries?: number | undefined;
  invoiceNumber: number;
  customerName?: string | undefined;
  lines: readonly ItemLine[];
  /** What goes back to the customer: the order's total. */
  refund: Money;
}

/** The customer's notice of a cancelled order: what was cancelled and the refund. */
export function cancellationEmail(view: CancellationView): RenderedEmail {
  const { seller, orderId, invoiceNumber, invoiceSeries, refund } = view;
  const subject = subjectLine(
    `${seller.name}: pedido cancelado, nota ${invoiceRef(invoiceNumber, invoiceSeries)}`,
  );
  const intro = `Seu pedido ${orderId} (nota ${invoiceRef(invoiceNumber, invoiceSeries)}) foi cancelado.`;
  const refundLine = `Reembolso: ${brl(refund)}, pelo mesmo meio de pagamento da compra.`;
  const text = [
    greeting(view.customerName),
    '',
    intro,
    '',
    'Itens cancelados:',
    itemsText(view.lines, refund.currency),
    '',
    refundLine,
    '',
    textFooter(seller),
    '',
  ].join('\n');
  const html = emailPage({
    title: `Pedido cancelado, nota ${invoiceRef(invoiceNumber, invoiceSeries)}`,
    heading: 'Pedido cancelado',
    seller,
    body: [
      paragraph(e(greeting(view.customerName))),
      paragraph(e(intro)),
      itemsTable(view.lines, refund.currency, { label: 'Reembolso', amount: refund.amount }),
      paragraph(e(refundLine)),
    ].join('\n'),
  });
  return { subject, text, html };
}

export interface ReturnView {
  seller: Seller;
  orderId: string;
  invoiceSeries?: number | undefined;
  invoiceNumber: number;
  returnId: string;
  creditNoteNumber: number;
  customerName?: string | undefined;
  /** The returned units, named as on the order. */
  lines: readonly ItemLine[];
  refund: Money;
}

/** The customer's notice of a return: what came back, the credit note and the refund. */
export function returnEmail(view: ReturnView): RenderedEmail {
  const { seller, orderId, invoiceNumber, invoiceSeries, creditNoteNumber, refund } = view;
  const subject = subjectLine(`${seller.name}: devolução registrada, nota de crédito nº ${creditNoteNumber}`);
  const intro = `Registramos a devolução de itens do seu pedido ${orderId} (nota ${invoiceRef(invoiceNumber, invoiceSeries)}).`;
  const credit = `Nota de crédito nº ${creditNoteNumber}. Reembolso: ${brl(refund)}.`;
  const text = [
    greeting(view.customerName),
    '',
    intro,
    '',
    'Itens devolvidos:',
    itemsText(view.lines, refund.currency),
    '',
    credit,
    '',
    textFooter(seller),
    '',
  ].join('\n');
  const html = emailPage({
    title: `Devolução, nota de crédito nº ${creditNoteNumber}`,
    heading: 'Devolução registrada',
    seller,
    body: [
      paragraph(e(greeting(view.customerName))),
      paragraph(e(intro)),
      itemsTable(view.lines, refund.currency, { label: 'Reembolso', amount: refund.amount }),
      paragraph(e(credit)),
    ].join('\n'),
  });
  return { subject, text, html };
}
