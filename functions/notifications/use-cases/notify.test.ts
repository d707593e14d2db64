import type { Envelope } from '#lib/events/envelope.ts';
import type { OrderNotice } from '../ports.ts';
import {
  CountingMetrics,
  FakeClock,
  FakeInventoryProducts,
  FakeLogger,
  FakeMailer,
  FakeNotificationLog,
  FakeSalesOrders,
} from './fakes.ts';
import { makeNotify } from './notify.ts';
import { makeSendOnce } from './send-once.ts';

const ADDRESS = 'maria@example.com';
const BUYER = 'compras@example.com';

function setup(settings: { buyerEmail?: string; sending?: boolean } = {}) {
  const log = new FakeNotificationLog();
  const mailer = new FakeMailer();
  const orders = new FakeSalesOrders();
  const products = new FakeInventoryProducts();
  const metrics = new CountingMetrics();
  const logger = new FakeLogger();
  const sendOnce = makeSendOnce({ log, mailer, clock: new FakeClock(), metrics, logger });
  const notify = makeNotify({
    sendOnce,
    orders,
    products,
    logger,
    settings: {
      seller: { name: 'Loja Exemplo', taxId: '12.345.678/0001-95' },
      buyerEmail: 'buyerEmail' in settings ? settings.buyerEmail : BUYER,
      sending: settings.sending ?? true,
    },
  });
  return { log, mailer, orders, products, metrics, logger, notify };
}

const anOrder = (overrides: Partial<OrderNotice> = {}): OrderNotice => ({
  orderId: 'ord_1',
  status: 'CONFIRMED',
  customerId: 'cust-1',
  invoiceSeries: 1,
  invoiceNumber: 42,
  createdAt: '2025-03-01T12:00:00.000Z',
  contact: { email: ADDRESS, name: 'Maria' },
  lines: [{ productId: 'cafe', name: 'Café Pilão 500g', quantity: 2, unitAmount: 1899, lineTotal: 3798 }],
  total: { amount: 3798, currency: 'BRL' },
  ...overrides,
});

const confirmed = (id = 'evt-1', orderId = 'ord_1'): Envelope<'OrderConfirmed'> => ({
  id,
  type: 'OrderConfirmed',
  source: 'sales',
  time: '2025-03-01T12:00:00.000Z',
  correlationId: 'c-1',
  data: {
    orderId,
    customerId: 'cust-1',
    lines: [{ productId: 'cafe', quantity: 2 }],
    total: { amount: 3798, currency: 'BRL' },
    invoiceNumber: 42,
  },
});

const stockLow = (id = 'evt-s'): Envelope<'StockLow'> => ({
  id,
  type: 'StockLow',
  source: 'inventory',
  time: '2025-03-01T12:00:00.000Z',
  correlationId: 'c-2',
  data: { productId: 'cafe', quantity: 3, reorderPoint: 10, reorderId: 'ro-1' },
});

/** Every value every log line carried, as one string. */
const logged = (logger: FakeLogger) => JSON.stringify(logger.lines);

describe('the receipt of a confirmed order', () => {
  it('is sent once to the order contact, and a second delivery of the event sends nothing', async () => {
    const { notify, mailer, orders, log, metrics } = setup();
    orders.orders.set('ord_1', anOrder());

    const first = await notify.orderConfirmed(confirmed());
    const again = await notify.orderConfirmed(confirmed());

    expect([first, again]).toEqual(['sent', 'duplicate']);
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]).toMatchObject({ kind: 'receipt', to: ADDRESS });
    expect(mailer.sent[0]!.subject).toContain('nota nº 42');
    expect(log.records.get('evt-1')).toMatchObject({ status: 'SENT', attempts: 1, messageId: 'msg-1' });
    // The duplicate was recognised from the record alone: Sales was read once.
    expect(orders.reads).toBe(1);
    expect(metrics.counts.get('EmailsDuplicate')).toBe(1);
  });

  it('neither claims nor reads the order when the event says it has no contact', async () => {
    const t = setup();
    const event = confirmed('evt-no-contact');
    event.data.hasContact = false;

    expect(await t.notify.orderConfirmed(event)).toBe('nothing_to_send');
    expect(t.orders.reads).toBe(0);
    expect(t.log.records.size).toBe(0);
    expect(t.mailer.sent).toHaveLength(0);
  });

  it('sends nothing for an order without a contact, or one Sales does not know', async () => {
    const { notify, mailer, orders, log } = setup();
    orders.orders.set('ord_1', anOrder({ contact: undefined }));

    expect(await notify.orderConfirmed(confirmed('evt-1'))).toBe('nothing_to_send');
    expect(await notify.orderConfirmed(confirmed('evt-2', 'ord_unknown'))).toBe('nothing_to_send');
    expect(mailer.attempts).toEqual([]);
    expect(log.records.size).toBe(0);
  });

  it('is retried when Sales cannot say, with nothing recorded', async () => {
    const { notify, mailer, orders, log } = setup();
    orders.orders.set('ord_1', anOrder());
    orders.down = true;

    await expect(notify.orderConfirmed(confirmed())).rejects.toMatchObject({
      code: 'dependency_unavailable',
    });
    orders.down = false;
    expect(await notify.orderConfirmed(confirmed())).toBe('sent');

    expect(mailer.sent).toHaveLength(1);
    expect(log.records.get('evt-1')?.attempts).toBe(1);
  });

  it('sends nothing at all when the deployment names no sender', async () => {
    const { notify, mailer, orders } = setup({ sending: false });
    orders.orders.set('ord_1', anOrder());

    expect(await notify.orderConfirmed(confirmed())).toBe('nothing_to_send');
    expect(await notify.stockLow(stockLow())).toBe('nothing_to_send');
    expect(mailer.attempts).toEqual([]);
    expect(orders.reads).toBe(0);
  });
});

describe('sending at most once', () => {
  it('retries a send SES certainly did not take, on the next delivery, and then sends once', async () => {
    const { notify, mailer, orders, log, metrics } = setup();
    orders.orders.set('ord_1', anOrder());
    mailer.script = ['failed'];

    await expect(notify.orderConfirmed(confirmed())).rejects.toMatchObject({
      code: 'dependency_unavailable',
    });
    expect(log.records.get('evt-1')).toMatchObject({ status: 'SEND_FAILED', attempts: 1 });
    expect(await notify.orderConfirmed(confirmed())).toBe('sent');
    expect(await notify.orderConfirmed(confirmed())).toBe('duplicate');

    expect(mailer.attempts).toHaveLength(2);
    expect(mailer.sent).toHaveLength(1);
    expect(log.records.get('evt-1')).toMatchObject({ status: 'SENT', attempts: 2 });
    expect(metrics.counts.get('EmailSendFailures')).toBe(1);
  });

  it('records an address SES rejects and acknowledges the event, never trying it again', async () => {
    const { notify, mailer, orders, log, metrics } = setup();
    orders.orders.set('ord_1', anOrder());
    mailer.script = ['address_rejected'];

    expect(await notify.orderConfirmed(confirmed())).toBe('address_rejected');
    expect(await notify.orderConfirmed(confirmed())).toBe('duplicate');

    expect(mailer.attempts).toHaveLength(1);
    expect(mailer.sent).toEqual([]);
    expect(log.records.get('evt-1')).toMatchObject({ status: 'FAILED_ADDRESS', reason: expect.any(String) });
    expect(metrics.counts.get('EmailAddressRejected')).toBe(1);
  });

  it('never sends again after SES gave no answer: the e-mail may have gone', async () => {
    const { notify, mailer, orders, log, metrics } = setup();
    orders.orders.set('ord_1', anOrder());
    mailer.script = ['unknown'];

    expect(await notify.orderConfirmed(confirmed())).toBe('unknown');
    expect(await notify.orderConfirmed(confirmed())).toBe('duplicate');

    expect(mailer.attempts).toHaveLength(1);
    expect(log.records.get('evt-1')).toMatchObject({ status: 'SENDING', attempts: 1 });
    expect(metrics.counts.get('EmailOutcomeUnknown')).toBe(1);
  });

  it('lets only one of two deliveries racing for the same event send', async () => {
    const { notify, mailer, orders } = setup();
    orders.orders.set('ord_1', anOrder());
    let second: Promise<string> | undefined;
    // While the first delivery's send is in flight, the same event is delivered again.
    mailer.during = async () => {
      mailer.during = undefined;
      second = notify.orderConfirmed(confirmed());
      await second;
    };

    const first = await notify.orderConfirmed(confirmed());

    expect([first, await second]).toEqual(['sent', 'duplicate']);
    expect(mailer.sent).toHaveLength(1);
  });

  it('keeps e-mail addresses out of every log line', async () => {
    const { notify, mailer, orders, logger } = setup();
    orders.orders.set('ord_1', anOrder());
    orders.orders.set('ord_2', anOrder({ orderId: 'ord_2' }));
    orders.orders.set('ord_3', anOrder({ orderId: 'ord_3' }));
    mailer.script = ['sent', 'address_rejected', 'unknown'];

    await notify.orderConfirmed(confirmed('evt-1', 'ord_1'));
    await notify.orderConfirmed(confirmed('evt-2', 'ord_2'));
    await notify.orderConfirmed(confirmed('evt-3', 'ord_3'));
    await notify.orderConfirmed(confirmed('evt-3', 'ord_3'));
    await notify.stockLow(stockLow());

    expect(logger.lines.length).toBeGreaterThanOrEqual(4);
    expect(logged(logger)).not.toContain('@');
    expect(logged(logger)).toContain('sha256:');
  });
});

describe('cancellation and return notices', () => {
  it('mail what was cancelled and the refund, and what was returned with its credit note', async () => {
    const { notify, mailer, orders } = setup();
    orders.orders.set(
      'ord_1',
      anOrder({ status: 'CANCELLED', refund: { amount: { amount: 3798, currency: 'BRL' } } }),
    );

    await notify.orderCancelled({
      ...confirmed('evt-c'),
      type: 'OrderCancelled',
      data: { orderId: 'ord_1', lines: [{ productId: 'cafe', quantity: 2 }] },
    });
    await notify.orderReturned({
      ...confirmed('evt-r'),
      type: 'OrderReturned',
      data: {
        orderId: 'ord_1',
        returnId: 'ret-1',
        lines: [{ productId: 'cafe', quantity: 1 }],
        restock: true,
        refund: { amount: 1899, currency: 'BRL' },
        creditNoteNumber: 3,
      },
    });

    expect(mailer.sent.map((e) => [e.kind, e.to])).toEqual([
      ['cancellation', ADDRESS],
      ['return', ADDRESS],
    ]);
    expect(mailer.sent[1]!.text).toContain('1 × Café Pilão 500g');
    expect(mailer.sent[1]!.text).toContain('nº 3');
  });
});

describe('the low-stock alert', () => {
  it('goes to the buyer, once, naming the product as Inventory names it', async () => {
    const { notify, mailer, products } = setup();
    products.products.set('cafe', {
      productId: 'cafe',
      sku: '789',
      name: 'Café Pilão 500g',
      reorderQuantity: 50,
    });

    expect(await notify.stockLow(stockLow())).toBe('sent');
    expect(await notify.stockLow(stockLow())).toBe('duplicate');

    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]).toMatchObject({ kind: 'stock-alert', to: BUYER });
    expect(mailer.sent[0]!.text).toContain('Café Pilão 500g');
    expect(mailer.sent[0]!.text).toContain('ro-1 (aberto, 50 un.)');
  });

  it('is not sent when no buyer is configured, and is retried while Inventory cannot say', async () => {
    const none = setup({ buyerEmail: undefined });
    expect(await none.notify.stockLow(stockLow())).toBe('nothing_to_send');
    expect(none.mailer.attempts).toEqual([]);

    const { notify, mailer, products } = setup();
    products.down = true;
    await expect(notify.stockLow(stockLow())).rejects.toMatchObject({ code: 'dependency_unavailable' });
    products.down = false;
    expect(await notify.stockLow(stockLow())).toBe('sent');
    // A product Inventory does not know is named by its id.
    expect(mailer.sent[0]!.text).toContain('Produto: cafe');
  });
});
