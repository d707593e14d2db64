import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { newId } from '#lib/ids.ts';

// The consumer against DynamoDB Local: a batch with duplicates, an out-of-order version and a
// malformed message. Environment first, since the handler reads its config at import.
process.env.TABLE_NAME ??= 'sales';
process.env.API_URL ??= 'http://127.0.0.1:9';
process.env.SERVICE_API_URL ??= 'http://127.0.0.1:9';
process.env.POWERTOOLS_METRICS_NAMESPACE ??= 'RetailSuite';
process.env.POWERTOOLS_SERVICE_NAME ??= 'sales';
process.env.PAYMENTS_PROVIDER ??= 'simulator';

const { handler } = await import('./on-price-changed.ts');
const { priceCache } = await import('../dependencies.ts');

const context = {
  functionName: 'sales-on-price-changed',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:sales-on-price-changed',
  memoryLimitInMB: '256',
  awsRequestId: 'req-1',
  logGroupName: 'g',
  logStreamName: 's',
  callbackWaitsForEmptyEventLoop: false,
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

const record = (messageId: string, body: string): SQSRecord =>
  ({
    messageId,
    receiptHandle: messageId,
    body,
    attributes: {},
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:sales-price-changes',
    awsRegion: 'us-east-1',
  }) as SQSRecord;

const priceChanged = (productId: string, version: number, amount: number) =>
  JSON.stringify({
    id: newId('evt_'),
    type: 'PriceChanged',
    source: 'pricing',
    time: new Date().toISOString(),
    correlationId: 'corr',
    data: {
      productId,
      amount,
      currency: 'BRL',
      listAmount: amount,
      promotionId: null,
      version,
      effectiveAt: new Date().toISOString(),
    },
  });

describe('on-price-changed', () => {
  it('keeps the highest version through duplicates and disorder, and reports only the bad record', async () => {
    const productId = newId('prd_');
    const event: SQSEvent = {
      Records: [
        record('m1', priceChanged(productId, 2, 200)),
        record('m2', priceChanged(productId, 1, 100)),
        record('m3', '{"not":"an envelope"}'),
        record('m4', priceChanged(productId, 3, 300)),
        record('m5', priceChanged(productId, 2, 200)),
      ],
    };

    const result = await handler(event, context);

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm3' }] });
    expect((await priceCache.getMany([productId])).get(productId)).toMatchObject({ version: 3, amount: 300 });
  });
});
