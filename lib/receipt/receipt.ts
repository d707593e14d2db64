import type { Money } from '../money.ts';
import { brl, dateTime, escapeHtml as e, invoiceRef, type Seller } from './format.ts';
import { emailPage, type ItemLine, itemsTable, itemsText, paragraph, textFooter } from './layout.ts';

/** What a receipt shows: the order as Sales recorded it, with its lines' product names. */
export interface ReceiptView {
  seller: Seller;
  /** Absent: series 1 (orders from before invoices had several series). */
  invoiceSeries?: number | undefined;
  invoiceNumber: number;
  orderId: string;
  issuedAt: string;
  customer: { customerId: string; name?: string | undefined };
  lines: readonly (ItemLine & { unitAmount: number; lineTotal: number })[];
  total: Money;
  /** Said on the receipt when the order is no longer simply confirmed. */
  status?: string | undefined;
}

const statusLabels: Record<string, string> = {
  CONFIRMED: 'Confirmado',
  CANCELLED: 'Cancelado',
  PARTIALLY_RETURNED: 'Devolvido em parte',
  RETURNED: 'Devolvido',
};

/** `Nota nº 42, série 1 · Pedido ord_1 · 01/03/2025, 09:00` */
const details = (view: ReceiptView) =>
  `Nota ${invoiceRef(view.invoiceNumber, view.invoiceSeries)} · Pedido ${view.orderId} · ${dateTime(view.issuedAt)}`;

const statusLine = (view: ReceiptView): string | undefined =>
  view.status && view.status !== 'CONFIRMED'
    ? `Situação: ${statusLabels[view.status] ?? view.status}`
    : undefined;

/**
 * The receipt as one HTML document: the printable receipt Sales serves and the body of the e-mail
 * Notifications sends. `intro` paragraphs (plain text, escaped here) come before it, e.g. a greeting.
 */
export function receiptHtml(view: ReceiptView, options: { intro?: readonly string[] } = {}): string {
  const status = statusLine(view);
  return emailPage({
    title: `Nota ${invoiceRef(view.invoiceNumber, view.invoiceSeries)}`,
    heading: 'Recibo de compra',
    seller: view.seller,
    body: [
      ...(options.intro ?? []).map((text) => paragraph(e(text))),
      paragraph(
        `Nota nº <strong>${view.invoiceNumber}</strong>, série ${view.invoiceSeries ?? 1} &middot; Pedido ${e(view.orderId)} &middot; ${e(dateTime(view.issuedAt))}`,
      ),
      paragraph(
        `Cliente: ${e(view.customer.name ? `${view.customer.name} (${view.customer.customerId})` : view.customer.customerId)}`,
      ),
      ...(status ? [paragraph(`<strong>${e(status)}</strong>`)] : []),
      itemsTable(view.lines, view.total.currency, { label: 'Total', amount: view.total.amount }),
    ].join('\n'),
  });
}

/** The same receipt as plain text (the e-mail's text part). */
export function receiptText(view: ReceiptView, options: { intro?: readonly string[] } = {}): string {
  const status = statusLine(view);
  return [
    ...(options.intro ?? []).flatMap((text) => [text, '']),
    details(view),
    `Cliente: ${view.customer.name ? `${view.customer.name} (${view.customer.customerId})` : view.customer.customerId}`,
    ...(status ? [status] : []),
    '',
    itemsText(view.lines, view.total.currency),
    '',
    `Total: ${brl(view.total)}`,
    '',
    textFooter(view.seller),
    '',
  ].join('\n');
}
