import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { call, type Json } from './support/api.ts';
import { eventsLog } from './support/events-log.ts';
import { adminRequest, inventoryClient } from './support/inventory-client.ts';
import { startTestRuntime, type TestRuntime } from './support/runtime.ts';
import { salesClient } from './support/sales-client.ts';
import { describeLocal } from './support/target.ts';
import { unique, waitFor } from './support/wait.ts';

/**
 * Notifications against the local runtime (API.md, Notifications; Local runtime, GET /__local/mail):
 * the SES emulator catches what the service sends. The shared runtime loads the demo data, which
 * sends the low-stock alerts to the demo buyer unless NOTIFY_BUYER_EMAIL says otherwise (the runtime
 * inherits this process's environment).
 */
const BUYER = process.env.NOTIFY_BUYER_EMAIL || 'compras@example.com';

const region = 'us-east-1';
const sdk = (endpoint: string | undefined) => ({
  region,
  endpoint,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const sns = new SNSClient(sdk(process.env.AWS_ENDPOINT_URL_SNS));
const sqs = new SQSClient(sdk(process.env.AWS_ENDPOINT_URL_SQS));
afterAll(() => {
  sns.destroy();
  sqs.destroy();
});

const { createProduct } = inventoryClient();

const mailTo = async (to: string, baseUrl?: string): Promise<Json[]> => {
  const answer = await call('GET', `/__local/mail?to=${encodeURIComponent(to)}`, baseUrl ? { baseUrl } : {});
  expect(answer.status).toBe(200);
  return answer.body.items;
};

/** The alerts of one product: its id is in every alert's text. */
const alertsOf = async (productId: string): Promise<Json[]> =>
  (await mailTo(BUYER)).filter((mail) => mail.text.includes(productId));

/** Publishes an envelope on a topic as its producer's outbox does (raw envelope, `type` attribute). */
async function publish(topic: string, envelope: Json): Promise<void> {
  await sns.send(
    new PublishCommand({
      TopicArn: `arn:aws:sns:${region}:000000000000:${topic}`,
      Message: JSON.stringify(envelope),
      MessageAttributes: { type: { DataType: 'String', StringValue: envelope.type } },
    }),
  );
}

/** Nothing waits in Notifications' queue and nothing is being handled: what was delivered is done. */
async function notificationsDrained(): Promise<void> {
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'notifications-events' }));
  await waitFor('the notifications queue to drain', async () => {
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    const waiting =
      Number(Attributes.ApproximateNumberOfMessages) +
      Number(Attributes.ApproximateNumberOfMessagesNotVisible);
    return waiting === 0 ? true : undefined;
  });
}

/** A product with stock just above its reorder point, then a sale that takes it to the point. */
async function driveBelowReorderPoint(name: string): Promise<string> {
  const productId = await createProduct(12, { name, reorderPoint: 10, reorderQuantity: 30 });
  const sold = await call('PUT', `/inventory/products/${productId}`, {
    as: 'admin',
    body: { delta: -3, reason: 'sale' },
  });
  expect(sold.status).toBe(200);
  return productId;
}

describeLocal('notifications', () => {
  it('mails the buyer one low-stock alert within seconds of stock falling to the reorder point', async () => {
    const suffix = unique('n');
    const name = `Sabonete <Lux> & Cia ${suffix}`;
    const started = Date.now();

    const productId = await driveBelowReorderPoint(name);
    const [alert] = await waitFor('the low-stock alert', async () => {
      const found = await alertsOf(productId);
      return found.length > 0 ? found : undefined;
    });
    const arrivedMs = Date.now() - started;
    const stockLow = await eventsLog().expectOne('StockLow', (e) => e.data.productId === productId);
    await notificationsDrained();

    expect(arrivedMs).toBeLessThan(5_000);
    expect(await alertsOf(productId)).toHaveLength(1);
    expect(alert).toMatchObject({ from: expect.stringContaining('@'), to: [BUYER], at: expect.any(String) });
    expect(alert.subject).toContain(name);
    expect(alert.subject).toContain('estoque baixo');
    expect(alert.text).toContain(`Estoque atual: 9 un.`);
    expect(alert.text).toContain(`Ponto de reposição: 10 un.`);
    expect(alert.text).toContain(`${stockLow.data.reorderId} (aberto, 30 un.)`);
    // The product's name is escaped in the HTML part, as typed in the text part.
    expect(alert.text).toContain(name);
    expect(alert.html).toContain(`Sabonete &lt;Lux&gt; &amp; Cia ${suffix}`);
    expect(alert.html).not.toContain('<Lux>');
  });

  it('sends still one e-mail when the same event is delivered again', async () => {
    const productId = await driveBelowReorderPoint(`Detergente ${unique('d')}`);
    await waitFor('the first alert', async () => ((await alertsOf(productId)).length > 0 ? true : undefined));
    const stockLow = await eventsLog().expectOne('StockLow', (e) => e.data.productId === productId);

    // The same envelope (same id) again, twice, as SNS may deliver it; then a marker event after it.
    await publish('inventory-events', stockLow);
    await publish('inventory-events', stockLow);
    const marker = await driveBelowReorderPoint(`Marcador ${unique('m')}`);
    await waitFor('the marker alert', async () => ((await alertsOf(marker)).length > 0 ? true : undefined));
    await notificationsDrained();

    expect(await alertsOf(productId)).toHaveLength(1);
    expect(await alertsOf(marker)).toHaveLength(1);
  });

  it('lists the caught mail oldest first, filtered by recipient in any case', async () => {
    const productId = await driveBelowReorderPoint(`Filtro ${unique('f')}`);
    await waitFor('the alert', async () => ((await alertsOf(productId)).length > 0 ? true : undefined));

    const all = (await call('GET', '/__local/mail')).body.items as Json[];
    const upper = await mailTo(BUYER.toUpperCase());
    const nobody = await mailTo(`${unique('nobody')}@example.com`);

    expect(all.length).toBeGreaterThanOrEqual(upper.length);
    expect(upper.length).toBeGreaterThan(0);
    expect(upper.every((mail) => mail.to.map((a: string) => a.toLowerCase()).includes(BUYER))).toBe(true);
    expect(upper.some((mail) => mail.text.includes(productId))).toBe(true);
    expect(nobody).toEqual([]);
    const times = all.map((mail) => Date.parse(mail.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const mail of all) {
      expect(Object.keys(mail).sort()).toEqual(['at', 'from', 'html', 'subject', 'text', 'to']);
    }
  });
});

/** A product with a name of its own, stock and a price, on the shared runtime or `baseUrl`'s. */
async function namedProduct(name: string, amount: number, baseUrl?: string): Promise<string> {
  const productId = unique('np');
  await inventoryClient(adminRequest(baseUrl)).createProduct(50, { productId, name });
  await salesClient(baseUrl ?? sharedBaseUrl()).setPrice(productId, amount);
  return productId;
}

const sharedBaseUrl = () => process.env.API_URL!.replace(/\/$/, '');

const placeOrder = (lines: Json[], contact: Json | undefined, baseUrl?: string) =>
  call('POST', '/sales/orders', {
    as: 'admin',
    ...(baseUrl ? { baseUrl } : {}),
    body: {
      customerId: unique('cust'),
      lines,
      payment: { method: 'card', token: 'tok_visa' },
      ...(contact ? { contact } : {}),
    },
  });

/** Waits for the first e-mail to `to` whose subject has `text`, and answers every such e-mail. */
async function mailWith(to: string, text: string, baseUrl?: string, timeoutMs = 20_000): Promise<Json[]> {
  return waitFor(
    `an e-mail to the contact with "${text}"`,
    async () => {
      const found = (await mailTo(to, baseUrl)).filter((mail) => mail.subject.includes(text));
      return found.length > 0 ? found : undefined;
    },
    { timeoutMs },
  );
}

const plain = (text: string) => text.replaceAll('\u00a0', ' ');

describeLocal("the customer's e-mails", () => {
  it('mails the receipt of an order with a contact once, within 5 s, naming the products and the total', async () => {
    const name = `Café Pilão 500g ${unique('c')}`;
    const productId = await namedProduct(name, 1899);
    const address = `${unique('maria')}@example.com`;

    const placed = await placeOrder([{ productId, quantity: 2 }], { email: address, name: 'Maria' });
    const started = Date.now();
    const [receipt] = await mailWith(address, `nota nº ${placed.body.invoiceNumber}`);
    const arrivedMs = Date.now() - started;
    const read = await call('GET', `/sales/orders/${placed.body.orderId}`, { as: 'admin' });
    await eventsLog().expectOne('OrderConfirmed', (e) => e.data.orderId === placed.body.orderId);
    await notificationsDrained();

    expect(placed.status).toBe(201);
    expect(placed.body).not.toHaveProperty('contact');
    expect(placed.body.lines[0]).toMatchObject({ productId, name, quantity: 2, lineTotal: 3798 });
    expect(read.body.contact).toEqual({ email: address, name: 'Maria' });
    expect(arrivedMs).toBeLessThan(5_000);
    expect(await mailTo(address)).toHaveLength(1);
    expect(receipt.to).toEqual([address]);
    expect(receipt.subject).toContain(`nota nº ${placed.body.invoiceNumber}`);
    for (const part of [plain(receipt.text), plain(receipt.html)]) {
      expect(part).toContain(name);
      expect(part).toContain('R$ 37,98');
      expect(part).toContain('Nota nº');
    }
    // The event that caused it carries no address.
    const [confirmed] = await eventsLog().matching(
      'OrderConfirmed',
      (e) => e.data.orderId === placed.body.orderId,
    );
    expect(JSON.stringify(confirmed)).not.toContain(address);
  });

  it('mails one cancellation notice with the refund', async () => {
    const productId = await namedProduct(`Arroz ${unique('a')}`, 2790);
    const address = `${unique('jose')}@example.com`;
    const placed = await placeOrder([{ productId, quantity: 1 }], { email: address });
    await mailWith(address, 'recibo');

    const cancelled = await call('POST', `/sales/orders/${placed.body.orderId}/cancel`, { as: 'admin' });
    const [notice] = await mailWith(address, 'cancelado');
    await eventsLog().expectOne('OrderCancelled', (e) => e.data.orderId === placed.body.orderId);
    await notificationsDrained();

    expect(cancelled.status).toBe(200);
    expect((await mailTo(address)).map((mail) => mail.subject.includes('cancelado'))).toEqual([false, true]);
    expect(plain(notice.text)).toContain('Reembolso: R$ 27,90');
    expect(notice.subject).toContain(`nota nº ${placed.body.invoiceNumber}`);
  });

  it('refuses a contact whose address is not one, naming body.contact.email', async () => {
    const productId = await namedProduct(`Feijão ${unique('f')}`, 899);

    const refused = await placeOrder([{ productId, quantity: 1 }], { email: 'not-an-address' });

    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('validation_failed');
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'body.contact.email' })]);
    expect(JSON.stringify(refused.body)).not.toContain('not-an-address');
  });
});

describeLocal('e-mail when messaging is down', () => {
  let runtime: TestRuntime;
  beforeAll(async () => {
    runtime = await startTestRuntime({ env: { DEMO_DATA: 'false' } });
  }, 90_000);
  afterAll(async () => {
    await runtime?.stop();
    runtime?.remove();
  });

  it('mails the receipt of an order placed while SNS/SQS were down, once they are back', async () => {
    const { baseUrl } = runtime;
    const productId = await namedProduct(`Açúcar ${unique('u')}`, 549, baseUrl);
    const address = `${unique('ana')}@example.com`;

    const placed = await salesClient(runtime).withFault(
      { target: 'messaging', mode: 'unavailable' },
      async () => {
        const answer = await placeOrder([{ productId, quantity: 1 }], { email: address }, baseUrl);
        // Nothing can reach Notifications while the emulator is stopped.
        expect(await mailTo(address, baseUrl)).toEqual([]);
        return answer;
      },
    );
    const receipts = await mailWith(address, `nota nº ${placed.body.invoiceNumber}`, baseUrl, 30_000);

    expect(placed.status).toBe(201);
    expect(receipts).toHaveLength(1);
    expect(plain(receipts[0].text)).toContain('R$ 5,49');
  });
});
