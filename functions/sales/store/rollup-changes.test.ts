import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { anOrder } from '#test/support/orders.ts';
import { changeOfRecord } from './rollup-changes.ts';

const order = anOrder({
  customerId: 'c',
  lines: [{ productId: 'p1', quantity: 1, unitAmount: 100, lineTotal: 100, priceChanged: false }],
  total: { amount: 100, currency: 'BRL' },
  paymentId: 'pay',
});

const record = (
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  pk: string,
  sk: string,
  image?: object,
): DynamoDBRecord => ({
  eventName,
  dynamodb: {
    Keys: { pk: { S: pk }, sk: { S: sk } },
    ...(image
      ? {
          NewImage: marshall({ pk, sk, ...image }, { removeUndefinedValues: true }) as Record<
            string,
            AttributeValue
          >,
        }
      : {}),
  } as DynamoDBRecord['dynamodb'],
});

describe('changeOfRecord', () => {
  it('reads an order inserted or changed, and a return inserted, from the new image', () => {
    expect(changeOfRecord(record('INSERT', 'ORDER#o1', 'ORDER', { ...order, gsi2pk: 'x' }))).toEqual({
      kind: 'order-inserted',
      order: { ...order },
    });
    expect(changeOfRecord(record('MODIFY', 'ORDER#o1', 'ORDER', order)).kind).toBe('order-modified');
    const ret = { returnId: 'r1', orderId: 'o1', lines: [], createdAt: order.createdAt };
    expect(changeOfRecord(record('INSERT', 'ORDER#o1', 'RETURN#r1', ret))).toMatchObject({
      kind: 'return-inserted',
      record: { returnId: 'r1', orderId: 'o1' },
    });
  });

  it('passes over the rest: a return changed, removals, other rows', () => {
    expect(changeOfRecord(record('MODIFY', 'ORDER#o1', 'RETURN#r1', { returnId: 'r1' })).kind).toBe('other');
    expect(changeOfRecord(record('REMOVE', 'ORDER#o1', 'ORDER')).kind).toBe('other');
    expect(changeOfRecord(record('INSERT', 'OUTBOX#e1', 'OUTBOX', { envelope: {} })).kind).toBe('other');
  });
});
