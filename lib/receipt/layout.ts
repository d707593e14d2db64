import { brl, escapeHtml as e, productLabel, type Seller } from './format.ts';

/**
 * The HTML frame of every e-mail: inline styles only (many mail clients drop `<style>`), a table
 * layout, `lang="pt-BR"`, and the seller's name and CNPJ at the foot. Every value is escaped by the
 * caller's helpers or here; `body` is HTML the templates built from escaped parts.
 */
export function emailPage(options: { title: string; heading: string; body: string; seller: Seller }): string {
  const { seller } = options;
  const cnpj = seller.taxId ? ` &middot; CNPJ ${e(seller.taxId)}` : '';
  return `<!doctype html>
<html lang="pt-BR">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(options.title)}</title>
</head>
<body style="margin:0;padding:0;background:#f4f4f4;font-family:Arial,Helvetica,sans-serif;color:#222">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f4">
<tr><td align="center" style="padding:16px">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:4px">
<tr><td style="padding:20px 24px;border-bottom:1px solid #e5e5e5"><strong style="font-size:18px">${e(seller.name)}</strong></td></tr>
<tr><td style="padding:20px 24px">
<h1 style="font-size:20px;margin:0 0 16px">${e(options.heading)}</h1>
${options.body}
</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid #e5e5e5;font-size:12px;color:#666">${e(seller.name)}${cnpj}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}

export interface ItemLine {
  productId: string;
  name?: string | undefined;
  quantity: number;
  unitAmount?: number | undefined;
  lineTotal?: number | undefined;
}

const cell = 'padding:6px 4px;border-bottom:1px solid #e5e5e5';
const number = `${cell};text-align:right;white-space:nowrap`;

/** Product, quantity, unit price and line total; the amount columns only when the lines have them. */
export function itemsTable(
  lines: readonly ItemLine[],
  currency: string,
  total?: { label: string; amount: number },
) {
  const priced = lines.every((line) => line.unitAmount !== undefined && line.lineTotal !== undefined);
  const money = (amount: number) => e(brl({ amount, currency }));
  const head = priced
    ? `<th style="${cell};text-align:left">Produto</th><th style="${number}">Qtd.</th><th style="${number}">Preço unit.</th><th style="${number}">Total</th>`
    : `<th style="${cell};text-align:left">Produto</th><th style="${number}">Qtd.</th>`;
  const rows = lines
    .map((line) => {
      const name = `<td style="${cell}">${e(productLabel(line))}</td><td style="${number}">${line.quantity}</td>`;
      return priced
        ? `<tr>${name}<td style="${number}">${money(line.unitAmount!)}</td><td style="${number}">${money(line.lineTotal!)}</td></tr>`
        : `<tr>${name}</tr>`;
    })
    .join('\n');
  const foot = total
    ? `<tfoot><tr><th colspan="${priced ? 3 : 1}" style="${cell};text-align:left">${e(total.label)}</th><th style="${number}">${money(total.amount)}</th></tr></tfoot>`
    : '';
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;font-size:14px">
<thead><tr>${head}</tr></thead>
<tbody>
${rows}
</tbody>
${foot}
</table>`;
}

/** The same lines as plain text, one per line: `2 × Café Pilão 500g — R$ 37,98`. */
export function itemsText(lines: readonly ItemLine[], currency: string): string {
  return lines
    .map((line) => {
      const amount = line.lineTotal === undefined ? '' : ` — ${brl({ amount: line.lineTotal, currency })}`;
      const unit =
        line.unitAmount === undefined ? '' : ` (${brl({ amount: line.unitAmount, currency })} cada)`;
      return `${line.quantity} × ${productLabel(line)}${unit}${amount}`;
    })
    .join('\n');
}

/** The seller's signature of the plain-text part. */
export const textFooter = (seller: Seller): string =>
  `--\n${seller.name}${seller.taxId ? ` · CNPJ ${seller.taxId}` : ''}`;

/** A paragraph of already-escaped HTML. */
export const paragraph = (html: string): string =>
  `<p style="margin:0 0 12px;font-size:14px;line-height:1.5">${html}</p>`;
