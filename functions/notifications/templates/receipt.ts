import { invoiceRef, type RenderedEmail, subjectLine } from '#lib/receipt/format.ts';
import { type ReceiptView, receiptHtml, receiptText } from '#lib/receipt/receipt.ts';

export type { ReceiptView };

const greeting = (name: string | undefined): string => (name ? `Olá, ${name}!` : 'Olá!');

/**
 * The customer's receipt of a confirmed order: the very receipt Sales prints (lib/receipt), with a
 * greeting, and a subject with the invoice number and the shop's name.
 */
export function receiptEmail(view: ReceiptView): RenderedEmail {
  const intro = [
    greeting(view.customer.name),
    `Obrigado pela sua compra em ${view.seller.name}. Este é o seu recibo.`,
  ];
  return {
    subject: subjectLine(
      `${view.seller.name}: recibo da sua compra, nota ${invoiceRef(view.invoiceNumber, view.invoiceSeries)}`,
    ),
    text: receiptText(view, { intro }),
    html: receiptHtml(view, { intro }),
  };
}
