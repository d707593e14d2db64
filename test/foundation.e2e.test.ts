import { randomUUID } from 'node:crypto';
import {
  GetSubscriptionAttributesCommand,
  ListSubscriptionsCommand,
  PublishCommand,
  SNSClient,
} from '@aws-sdk/client-sns';
import { GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { apiUrl, call } from './support/api.ts';
import { describeLocal } from './support/target.ts';
import { eventually } from './support/wait.ts';

// The local runtime's own surface (API.md, "Local runtime" and "Authentication"): token issuer, health,
// gateway answers, the events log, and event delivery from SNS through SQS to a consumer and its DLQ.

const form = (client: string, secret: string, body: string) => ({
  method: 'POST',
  headers: {
    authorization: `Basic ${Buffer.from(`${client}:${secret}`).toString('base64')}`,
    'content-type': 'application/x-www-form-urlencoded',
  },
  body,
});

const token = (client: string, secret: string, body = 'grant_type=client_credentials') =>
  fetch(`${apiUrl()}/oauth2/token`, form(client, secret, body));

const sdk = { region: 'us-east-1', endpoint: process.env.AWS_ENDPOINT_URL_SQS };
const sns = new SNSClient(sdk);
const sqs = new SQSClient(sdk);
afterAll(() => {
  sns.destroy();
  sqs.destroy();
});

/** Waits for a message whose body contains `marker` in a queue, leaving every other message visible. */
async function waitInQueue(
  queue: string,
  marker: string,
  timeoutMs = 30_000,
): Promise<Record<string, string>> {
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queue }));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 0,
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ['All'],
      }),
    );
    const found = Messages.find((m) => m.Body?.includes(marker));
    if (found) return found.Attributes ?? {};
  }
  throw new Error(`no message with ${marker} in ${queue} within ${timeoutMs} ms`);
}

describeLocal('token issuer', () => {
  it('issues access tokens to the admin and pos clients', async () => {
    const admin = await token('admin', 'local-admin-secret');
    const pos = await token('pos', 'local-pos-secret', 'grant_type=client_credentials&scope=sales/write');

    expect(admin.status).toBe(200);
    expect(await admin.json()).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(pos.status).toBe(200);
  });

  it('rejects a wrong secret with 401 invalid_client and a scope the client lacks with 400 invalid_scope', async () => {
    const badSecret = await token('pos', 'not-the-secret');
    const badScope = await token(
      'pos',
      'local-pos-secret',
      'grant_type=client_credentials&scope=pricing/write',
    );

    expect(badSecret.status).toBe(401);
    expect(await badSecret.json()).toEqual({ error: 'invalid_client' });
    expect(badScope.status).toBe(400);
    expect(await badScope.json()).toEqual({ error: 'invalid_scope' });
  });

  it('publishes the keys its tokens verify against', async () => {
    const { access_token } = (await (await token('pos', 'local-pos-secret')).json()) as {
      access_token: string;
    };
    const jwks = await call('GET', '/.well-known/jwks.json');

    expect(jwks.status).toBe(200);
    expect(jwks.body.keys[0]).toMatchObject({
      kty: 'RSA',
      alg: 'RS256',
      use: 'sig',
      kid: expect.any(String),
    });
    const { payload } = await jwtVerify(
      access_token,
      createRemoteJWKSet(new URL(`${apiUrl()}/.well-known/jwks.json`)),
      {
        issuer: apiUrl(),
      },
    );
    expect(payload).toMatchObject({ client_id: 'pos', token_use: 'access', version: 2 });
  });
});

describeLocal('gateway', () => {
  it('answers /health with 200 {status:"ok"}', async () => {
    const health = await call('GET', '/health');

    expect(health.status).toBe(200);
    expect(health.headers['content-type']).toMatch(/^application\/json/);
    expect(health.body).toEqual({ status: 'ok' });
  });

  it('echoes x-correlation-id, on handler answers and on its own', async () => {
    const id = `corr-${randomUUID()}`;
    const health = await call('GET', '/health', { headers: { 'x-correlation-id': id } });
    const unknown = await call('GET', '/no/such/route', { headers: { 'x-correlation-id': id } });
    const fresh = await call('GET', '/no/such/route');

    expect(health.headers['x-correlation-id']).toBe(id);
    expect(unknown.headers['x-correlation-id']).toBe(id);
    expect(fresh.headers['x-correlation-id']).toMatch(/\S+/);
  });

  it('answers an unknown route with 404 and a known path with the wrong method with 405, as problem+json', async () => {
    const unknown = await call('GET', '/no/such/route');
    const wrongMethod = await call('PATCH', '/health');

    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toBe('application/problem+json');
    expect(unknown.body).toMatchObject({ status: 404, code: 'not_found', title: 'Not Found' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET');
    expect(wrongMethod.body).toMatchObject({ status: 405 });
  });

  it('cuts a body over 256 KiB off with 413 payload_too_large', async () => {
    const big = await call('POST', '/inventory/products', { as: 'admin', body: 'x'.repeat(256 * 1024 + 1) });

    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ code: 'payload_too_large' });
  });

  it('rejects an invalid fault with 400 validation_failed', async () => {
    const invalid = await call('POST', '/__local/faults', { body: { target: 'nowhere', mode: 'slow' } });

    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'body.target' }] });
  });
});

describeLocal('events', () => {
  const publish = (topic: string, type: string, message: string) =>
    sns.send(
      new PublishCommand({
        TopicArn: `arn:aws:sns:us-east-1:000000000000:${topic}`,
        Message: message,
        MessageAttributes: { type: { DataType: 'String', StringValue: type } },
      }),
    );

  it('subscribes each consumer queue with raw delivery and a filter on the type attribute', async () => {
    const { Subscriptions = [] } = await sns.send(new ListSubscriptionsCommand({}));
    const sub = Subscriptions.find((s) => s.Endpoint?.endsWith(':inventory-order-events'));
    const { Attributes = {} } = await sns.send(
      new GetSubscriptionAttributesCommand({ SubscriptionArn: sub?.SubscriptionArn }),
    );

    expect(Attributes.RawMessageDelivery).toBe('true');
    expect(JSON.parse(Attributes.FilterPolicy ?? '{}')).toEqual({
      type: ['OrderConfirmed', 'OrderCancelled', 'OrderReturned'],
    });
  });

  it('logs every published envelope, oldest first, filtered by type', async () => {
    const first = { id: `evt-${randomUUID()}`, type: 'StockLow', source: 'inventory', data: {} };
    const second = { ...first, id: `evt-${randomUUID()}` };
    await publish('inventory-events', 'StockLow', JSON.stringify(first));
    await publish('inventory-events', 'StockLow', JSON.stringify(second));

    const ids: string[] = await eventually(
      async () =>
        (await call('GET', '/__local/events?type=StockLow')).body.items.map((e: { id: string }) => e.id),
      (seen: string[]) => seen.includes(second.id),
      10_000,
      100,
    );
    expect(ids.indexOf(first.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(second.id)).toBeGreaterThan(ids.indexOf(first.id));
    const other = await call('GET', '/__local/events?type=PriceChanged');
    expect(other.body.items.map((e: { id: string }) => e.id)).not.toContain(first.id);
  });

  it('delivers OrderConfirmed from sales-events to the inventory consumer, and a message it keeps failing on to the DLQ after 5 receives', async () => {
    const marker = `malformed-${randomUUID()}`;
    await publish('sales-events', 'OrderConfirmed', JSON.stringify({ type: 'OrderConfirmed', marker }));

    const attributes = await waitInQueue('inventory-order-events-dlq', marker);

    expect(Number(attributes.ApproximateReceiveCount)).toBeGreaterThanOrEqual(5);
  });

  it('delivers PriceChanged from pricing-events to the sales consumer, and to its DLQ when it cannot be handled', async () => {
    const marker = `malformed-${randomUUID()}`;
    await publish('pricing-events', 'PriceChanged', JSON.stringify({ type: 'PriceChanged', marker }));

    await expect(waitInQueue('sales-price-changes-dlq', marker)).resolves.toBeDefined();
  });
});
