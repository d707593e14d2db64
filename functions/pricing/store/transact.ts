import { setTimeout as sleep } from 'node:timers/promises';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#lib/dynamodb.ts';

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

interface CancelledError {
  name: string;
  CancellationReasons?: { Code?: string }[];
}

const ATTEMPTS = 5;

/**
 * Runs one transaction. A failed condition is an answer, not an error: it returns `false`, and the
 * caller re-reads and decides. A `TransactionConflict` (another transaction on the same items at the
 * same moment) is retried a few times with jittered backoff on top of what the SDK already retries.
 */
export async function transact(items: TransactItems): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      await dynamo.send(new TransactWriteCommand({ TransactItems: items }));
      return true;
    } catch (error) {
      const reasons = (error as CancelledError).CancellationReasons ?? [];
      if ((error as CancelledError).name !== 'TransactionCanceledException') throw error;
      if (reasons.some((r) => r.Code === 'ConditionalCheckFailed')) return false;
      const conflict = reasons.some((r) => r.Code === 'TransactionConflict');
      if (!conflict || attempt >= ATTEMPTS) throw error;
      await sleep(Math.random() * 25 * 2 ** attempt);
    }
  }
}
