import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/**
 * Why one element of a cancelled transaction did not go through. `code` is DynamoDB's: 'None' (this
 * element was fine), 'ConditionalCheckFailed', 'TransactionConflict', 'ItemCollectionSizeLimitExceeded',
 * 'ThrottlingError', ... `item` is the item as it stood, for elements written with
 * `ReturnValuesOnConditionCheckFailure: 'ALL_OLD'`.
 */
export interface CancellationReason {
  index: number;
  code: string;
  item?: Record<string, unknown>;
}

export type TransactResult = { ok: true } | { ok: false; reasons: CancellationReason[] };

interface RawReason {
  Code?: string;
  Item?: Record<string, AttributeValue>;
}

/** The SDK hands the reasons back raw (attribute values), even through the document client. */
function decodeReasons(raw: RawReason[] | undefined): CancellationReason[] {
  return (raw ?? []).map((reason, index) => ({
    index,
    code: reason.Code ?? 'None',
    ...(reason.Item ? { item: unmarshall(reason.Item) } : {}),
  }));
}

/**
 * Runs one transaction. A cancelled transaction is an answer, not an error: it comes back as
 * `{ ok: false, reasons }`, one reason per element, and the caller decides (re-read, retry, report a
 * conflict). Anything else (validation, throttling past the SDK's retries, network) is rethrown.
 */
export async function transactWrite(
  db: DynamoDBDocumentClient,
  items: TransactWriteCommandInput['TransactItems'],
  options: { clientRequestToken?: string } = {},
): Promise<TransactResult> {
  try {
    await db.send(
      new TransactWriteCommand({ TransactItems: items, ClientRequestToken: options.clientRequestToken }),
    );
    return { ok: true };
  } catch (error) {
    if ((error as Error)?.name !== 'TransactionCanceledException') throw error;
    const raw = (error as { CancellationReasons?: RawReason[] }).CancellationReasons;
    return { ok: false, reasons: decodeReasons(raw) };
  }
}

/** Whether the element at `index` failed its condition. */
export const failedAt = (result: TransactResult, index: number): boolean =>
  !result.ok && result.reasons[index]?.code === 'ConditionalCheckFailed';

/**
 * Whether the transaction lost only to others running at the same moment, so the same transaction
 * may well go through if tried again.
 */
export const onlyConflicts = (result: TransactResult): boolean => {
  if (result.ok) return false;
  const failures = result.reasons.filter((r) => r.code !== 'None');
  return failures.length > 0 && failures.every((r) => r.code === 'TransactionConflict');
};
