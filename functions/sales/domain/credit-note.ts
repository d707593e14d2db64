import { formatMoney } from '#lib/money.ts';
import { invoiceRef } from '#lib/receipt/format.ts';
import { escapeHtml, type Seller } from './invoice.ts';
import type { Order } from './order.ts';
import type { ReturnRecord } from './returns.ts';

/**
 * The printable credit note of a return, for a Brazilian shop (pt-BR labels, `R$` amounts), beside
 * the invoice it corrects. Every value is escaped: ids and reasons come from clients.
 */
export function creditNoteHtml(record: ReturnRecord, order: Order, seller: Seller): string {
  const e = escapeHtml;
  const money = (amount: number) => e(formatMoney({ amount, currency: record.refund.currency }));
  const rows = record.lines
    .map(
      (line) =>
        `<tr><td>${e(line.productId)}</td><td class="n">${line.quantity}</td>` +
        `<td class="n">${money(line.refund.amount)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="pt-BR">
<head>
<meta charset="utf-8">
<title>Nota de crédito ${record.creditNoteNumber}</title>
<style>body{font-family:sans-serif;max-width:40em;margin:2em auto}table{width:100%;border-collapse:collapse}
td,th{border-bottom:1px solid #ccc;padding:.3em;text-align:left}.n{text-align:right}@media print{button{display:none}}</style>
</head>
<body>
<h1>${e(seller.name)}</h1>
${seller.taxId ? `<p>CNPJ ${e(seller.taxId)}</p>` : ''}
<p>Nota de crédito nº ${record.creditNoteNumber} &middot; ${e(record.createdAt)}</p>
<p>Devolução ${e(record.returnId)} do pedido ${e(order.orderId)} (nota ${invoiceRef(order.invoiceNumber, order.invoiceSeries)})</p>
<p>Cliente: ${e(order.customerId)}</p>
${record.reason ? `<p>Motivo: ${e(record.reason)}</p>` : ''}
<p>Mercadoria: ${record.restock ? 'devolvida ao estoque' : 'não revendável (sem retorno ao estoque)'}</p>
<p>Reembolso: ${record.refundStatus === 'REFUNDED' ? 'efetuado' : 'pendente'}</p>
<p>Registrado por: ${e(record.actor)}</p>
<table>
<thead><tr><th>Produto</th><th class="n">Qtd.</th><th class="n">Valor restituído</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><th colspan="2">Total restituído</th><th class="n">${e(formatMoney(record.refund))}</th></tr></tfoot>
</table>
</body>
</html>
`;
}
