import type { Money } from '#lib/money.ts';
import { escapeHtml, type Seller } from '#lib/receipt/format.ts';
import { receiptHtml } from '#lib/receipt/receipt.ts';
import type { Order } from './order.ts';

export type { Seller };
/** Every value a page shows from a client (ids, names, reasons) goes through this. */
export { escapeHtml };

export interface Invoice {
  invoiceSeries: number;
  invoiceNumber: number;
  orderId: string;
  issuedAt: string;
  seller: Seller;
  customer: { customerId: string; name?: string };
  /** Each product named as Inventory named it when the order was placed (by id on older orders). */
  lines: { productId: string; name: string; quantity: number; unitAmount: number; lineTotal: number }[];
  total: Money;
  status: Order['status'];
}

export function invoiceOf(order: Order, seller: Seller): Invoice {
  return {
    invoiceSeries: order.invoiceSeries,
    invoiceNumber: order.invoiceNumber,
    orderId: order.orderId,
    issuedAt: order.createdAt,
    seller,
    customer: {
      customerId: order.customerId,
      ...(order.contact?.name ? { name: order.contact.name } : {}),
    },
    lines: order.lines.map((line) => ({
      productId: line.productId,
      name: line.name ?? line.productId,
      quantity: line.quantity,
      unitAmount: line.unitAmount,
      lineTotal: line.lineTotal,
    })),
    total: order.total,
    status: order.status,
  };
}

/**
 * The printable receipt: the one pt-BR template (lib/receipt) the customer's e-mail is also made
 * from. Every value is escaped there: ids and names come from clients.
 */
export const invoiceHtml = (invoice: Invoice): string => receiptHtml(invoice);
