import { escapeHtml as e, type RenderedEmail, type Seller, subjectLine } from '#lib/receipt/format.ts';
import { emailPage, paragraph, textFooter } from '#lib/receipt/layout.ts';

export interface StockAlertView {
  seller: Seller;
  product: { productId: string; name: string; sku?: string | undefined };
  quantity: number;
  reorderPoint: number;
  reorder: { reorderId: string; quantity?: number | undefined };
}

/** The buyer's low-stock alert: the product, its stock against the reorder point, the reorder opened. */
export function stockAlertEmail(view: StockAlertView): RenderedEmail {
  const { seller, product, quantity, reorderPoint, reorder } = view;
  const subject = subjectLine(`${seller.name}: estoque baixo de ${product.name} (${quantity} un.)`);
  const facts: [string, string][] = [
    ['Produto', product.name],
    ['Código', product.productId],
    ...(product.sku ? ([['SKU', product.sku]] as [string, string][]) : []),
    ['Estoque atual', `${quantity} un.`],
    ['Ponto de reposição', `${reorderPoint} un.`],
    [
      'Pedido de reposição',
      reorder.quantity === undefined
        ? `${reorder.reorderId} (aberto)`
        : `${reorder.reorderId} (aberto, ${reorder.quantity} un.)`,
    ],
  ];
  const intro = `O estoque de ${product.name} chegou ao ponto de reposição. Um pedido de reposição foi aberto.`;
  const text = [
    intro,
    '',
    ...facts.map(([label, value]) => `${label}: ${value}`),
    '',
    'Ao receber a mercadoria, registre o recebimento do pedido de reposição.',
    '',
    textFooter(seller),
    '',
  ].join('\n');
  const rows = facts
    .map(
      ([label, value]) =>
        `<tr><th style="padding:6px 4px;text-align:left;border-bottom:1px solid #e5e5e5">${e(label)}</th><td style="padding:6px 4px;border-bottom:1px solid #e5e5e5">${e(value)}</td></tr>`,
    )
    .join('\n');
  const html = emailPage({
    title: `Estoque baixo: ${product.name}`,
    heading: 'Estoque baixo',
    seller,
    body: [
      paragraph(e(intro)),
      `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;font-size:14px">\n${rows}\n</table>`,
      paragraph('Ao receber a mercadoria, registre o recebimento do pedido de reposição.'),
    ].join('\n'),
  });
  return { subject, text, html };
}
