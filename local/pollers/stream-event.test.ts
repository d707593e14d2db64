import { retryFrom, toStreamRecord } from './stream-event.ts';

const record = (seq: string) => ({
  eventID: seq,
  eventName: 'INSERT' as const,
  dynamodb: { SequenceNumber: seq },
});

describe('DynamoDB stream event source mapping', () => {
  it('gives the creation time in epoch seconds and binary values in base64', () => {
    const out = toStreamRecord(
      {
        eventID: 'e1',
        eventName: 'INSERT',
        dynamodb: {
          ApproximateCreationDateTime: new Date('2024-01-01T00:00:10Z'),
          Keys: { pk: { S: 'a' } },
          NewImage: { pk: { S: 'a' }, blob: { B: Uint8Array.from([1, 2]) } },
          SequenceNumber: '100',
          StreamViewType: 'NEW_IMAGE',
        },
      },
      'arn:stream',
    );

    expect(out).toMatchObject({
      eventSource: 'aws:dynamodb',
      eventSourceARN: 'arn:stream',
      dynamodb: {
        ApproximateCreationDateTime: 1704067210,
        NewImage: { blob: { B: 'AQI=' } },
        SequenceNumber: '100',
        StreamViewType: 'NEW_IMAGE',
      },
    });
  });

  it('resumes from the earliest reported failure, or from the start for a malformed report', () => {
    const records = [record('1'), record('2'), record('3')];

    expect(retryFrom(undefined, records)).toBeUndefined();
    expect(retryFrom({ batchItemFailures: [] }, records)).toBeUndefined();
    expect(
      retryFrom({ batchItemFailures: [{ itemIdentifier: '3' }, { itemIdentifier: '2' }] }, records),
    ).toBe(1);
    expect(retryFrom({ batchItemFailures: [{ itemIdentifier: '9' }] }, records)).toBe(0);
  });
});
