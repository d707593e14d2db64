import { formatMoney, type Money } from '#lib/money.ts';
import type { Order } from './order.ts';

export interface Seller {
  name: string;
  taxId?: string;
}

export interface Invoice {
  invoiceNumber: number;
  orderId: string;
  issuedAt: string;
  seller: Seller;
  customer: { customerId: string };
  lines: { productId: string; quantity: number; unitAmount: number; lineTotal: number }[];
  total: Money;
  status: Order['status'];
}

export function invoiceOf(order: Order, seller: Seller): Invoice {
  return {
    invoiceNumber: order.invoiceNumber,
    orderId: order.orderId,
    issuedAt: order.createdAt,
    seller,
    customer: { customerId: order.customerId },
    lines: order.lines.map((line) => ({
      productId: line.productId,
      quantity: line.quantity,
      unitAmount: line.unitAmount,
      lineTotal: line.lineTotal,
    })),
    total: order.total,
    status: order.status,
  };
}

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
/** Every value a page shows from a client (ids, names, reasons) goes through this. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => escapes[c] ?? c);

/** A printable receipt. Every value is escaped: ids and names come from clients. */
export function invoiceHtml(invoice: Invoice): string {
  const e = escapeHtml;
  const money = (amount: number) => e(formatMoney({ amount, currency: invoice.total.currency }));
  const rows = invoice.lines
    .map(
      (line) =>
        `<tr><td>${e(line.productId)}</td><td class="n">${line.quantity}</td>` +
        `<td class="n">${money(line.unitAmount)}</td><td class="n">${money(line.lineTotal)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="pt-BR">
<head>
<meta charset="utf-8">
<title>Nota ${invoice.invoiceNumber}</title>
<style>body{font-family:sans-serif;max-width:40em;margin:2em auto}table{width:100%;border-collapse:collapse}
td,th{border-bottom:1px solid #ccc;padding:.3em;text-align:left}.n{text-align:right}@media print{button{display:none}}</style>
</head>
<body>
<h1>${e(invoice.seller.name)}</h1>
${invoice.seller.taxId ? `<p>CNPJ ${e(invoice.seller.taxId)}</p>` : ''}
<p>Invoice no. ${invoice.invoiceNumber} &middot; order ${e(invoice.orderId)} &middot; ${e(invoice.issuedAt)}</p>
<p>Customer: ${e(invoice.customer.customerId)}</p>
<p>Status: ${e(invoice.status)}</p>
<table>
<thead><tr><th>Product</th><th class="n">Qty</th><th class="n">Unit</th><th class="n">Total</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><th colspan="3">Total</th><th class="n">${e(formatMoney(invoice.total))}</th></tr></tfoot>
</table>
</body>
</html>
`;
}
