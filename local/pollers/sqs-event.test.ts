import { failedMessageIds, toSqsRecord } from './sqs-event.ts';

describe('SQS event source mapping', () => {
  it('builds the record Lambda hands to a consumer', () => {
    const record = toSqsRecord(
      {
        MessageId: 'm1',
        ReceiptHandle: 'r1',
        Body: '{"type":"OrderConfirmed"}',
        MD5OfBody: 'md5',
        Attributes: {
          ApproximateReceiveCount: '2',
          SentTimestamp: '1',
          SenderId: 'x',
          ApproximateFirstReceiveTimestamp: '2',
        },
        MessageAttributes: { type: { DataType: 'String', StringValue: 'OrderConfirmed' } },
      },
      'arn:aws:sqs:us-east-1:000000000000:q',
    );

    expect(record).toEqual({
      messageId: 'm1',
      receiptHandle: 'r1',
      body: '{"type":"OrderConfirmed"}',
      attributes: {
        ApproximateReceiveCount: '2',
        SentTimestamp: '1',
        SenderId: 'x',
        ApproximateFirstReceiveTimestamp: '2',
      },
      messageAttributes: {
        type: {
          stringValue: 'OrderConfirmed',
          stringListValues: [],
          binaryListValues: [],
          dataType: 'String',
        },
      },
      md5OfBody: 'md5',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:q',
      awsRegion: 'us-east-1',
    });
  });

  it('returns only the reported failures, and all of them for a malformed report', () => {
    const ids = ['a', 'b', 'c'];

    expect(failedMessageIds(null, ids)).toEqual([]);
    expect(failedMessageIds({ batchItemFailures: [] }, ids)).toEqual([]);
    expect(failedMessageIds({ batchItemFailures: [{ itemIdentifier: 'b' }] }, ids)).toEqual(['b']);
    expect(failedMessageIds({ batchItemFailures: [{ itemIdentifier: 'zzz' }] }, ids)).toEqual(ids);
    expect(failedMessageIds({ batchItemFailures: [{ itemIdentifier: '' }] }, ids)).toEqual(ids);
  });
});
