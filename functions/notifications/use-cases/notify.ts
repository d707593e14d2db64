import type { Envelope } from '#lib/events/envelope.ts';
import type { Seller } from '#lib/receipt/format.ts';
import type { Email, InventoryProducts, Logger, OrderNotice, SalesOrders } from '../ports.ts';
import { cancellationEmail, returnEmail } from '../templates/order-notices.ts';
import { receiptEmail } from '../templates/receipt.ts';
import { stockAlertEmail } from '../templates/stock-alert.ts';
import type { SendOnce, SendOutcome } from './send-once.ts';

export interface NotifyDeps {
  sendOnce: SendOnce;
  orders: SalesOrders;
  products: InventoryProducts;
  logger: Logger;
  settings: {
    seller: Seller;
    /** Who gets the low-stock alerts; undefined: nobody does. */
    buyerEmail: string | undefined;
    /** false: the deployment names no sender (NOTIFY_FROM), so no event becomes an e-mail. */
    sending: boolean;
  };
}

/**
 * The events that become e-mails. The customer's address is not in the events: it is read from the
 * order in Sales (sales/read), where it is kept, so it never travels through SNS, SQS, their
 * dead-letter queues or a log. An order without a contact gets no e-mail.
 */
export function makeNotify(deps: NotifyDeps) {
  const { seller, sending } = deps.settings;
  const sendOnce: SendOnce = sending ? deps.sendOnce : async () => 'nothing_to_send';

  /** The order with its contact, or undefined (no such order, or no one to write to). */
  async function contactable(event: Envelope, orderId: string): Promise<OrderNotice | undefined> {
    const order = await deps.orders.order(orderId, event.correlationId);
    if (!order) {
      deps.logger.warn('Sales has no such order; nothing to send', { eventId: event.id, orderId });
      return undefined;
    }
    return order.contact ? order : undefined;
  }

  /** An order event that says its order has no contact needs neither a claim nor a read of the order. */
  const sendForOrder = (
    event: Envelope<'OrderConfirmed' | 'OrderCancelled' | 'OrderReturned'>,
    build: Parameters<SendOnce>[1],
  ): Promise<SendOutcome> =>
    event.data.hasContact === false ? Promise.resolve('nothing_to_send') : sendOnce(event, build);

  const email = (kind: Email['kind'], to: string, parts: Omit<Email, 'kind' | 'to'>): Email => ({
    kind,
    to,
    ...parts,
  });

  return {
    orderConfirmed: (event: Envelope<'OrderConfirmed'>): Promise<SendOutcome> =>
      sendForOrder(event, async () => {
        const order = await contactable(event, event.data.orderId);
        if (!order?.contact) return undefined;
        return email(
          'receipt',
          order.contact.email,
          receiptEmail({
            seller,
            invoiceSeries: order.invoiceSeries,
            invoiceNumber: order.invoiceNumber,
            orderId: order.orderId,
            issuedAt: order.createdAt,
            customer: { customerId: order.customerId, name: order.contact.name },
            lines: order.lines,
            total: order.total,
          }),
        );
      }),

    orderCancelled: (event: Envelope<'OrderCancelled'>): Promise<SendOutcome> =>
      sendForOrder(event, async () => {
        const order = await contactable(event, event.data.orderId);
        if (!order?.contact) return undefined;
        return email(
          'cancellation',
          order.contact.email,
          cancellationEmail({
            seller,
            orderId: order.orderId,
            invoiceSeries: order.invoiceSeries,
            invoiceNumber: order.invoiceNumber,
            customerName: order.contact.name,
            lines: order.lines,
            refund: order.refund?.amount ?? order.total,
          }),
        );
      }),

    orderReturned: (event: Envelope<'OrderReturned'>): Promise<SendOutcome> =>
      sendForOrder(event, async () => {
        const order = await contactable(event, event.data.orderId);
        if (!order?.contact) return undefined;
        const names = new Map(order.lines.map((line) => [line.productId, line.name]));
        return email(
          'return',
          order.contact.email,
          returnEmail({
            seller,
            orderId: order.orderId,
            invoiceSeries: order.invoiceSeries,
            invoiceNumber: order.invoiceNumber,
            returnId: event.data.returnId,
            creditNoteNumber: event.data.creditNoteNumber,
            customerName: order.contact.name,
            lines: event.data.lines.map((line) => ({
              productId: line.productId,
              name: names.get(line.productId),
              quantity: line.quantity,
            })),
            refund: event.data.refund,
          }),
        );
      }),

    stockLow: (event: Envelope<'StockLow'>): Promise<SendOutcome> => {
      const buyer = deps.settings.buyerEmail;
      // No buyer configured: said once at cold start (dependencies.ts), not on every event.
      if (!buyer) return Promise.resolve('nothing_to_send');
      return sendOnce(event, async () => {
        const { productId, quantity, reorderPoint, reorderId } = event.data;
        const product = await deps.products.product(productId, event.correlationId);
        return email(
          'stock-alert',
          buyer,
          stockAlertEmail({
            seller,
            product: { productId, name: product?.name ?? productId, sku: product?.sku },
            quantity,
            reorderPoint,
            reorder: { reorderId, quantity: product?.reorderQuantity },
          }),
        );
      });
    },
  };
}

export type Notify = ReturnType<typeof makeNotify>;
