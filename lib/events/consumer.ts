import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import type { EventTypeName } from '../../events/schemas.ts';
import { instrumented } from '../instrumented.ts';
import { logger } from '../observability.ts';
import { type Envelope, parseEnvelope } from './envelope.ts';

export type EventHandlers = { [T in EventTypeName]?: (event: Envelope<T>) => Promise<void> };

/**
 * An SQS consumer of envelopes (raw SNS delivery). Each record is handled on its own; a failed one is
 * reported in `batchItemFailures`, comes back, and after `maxReceiveCount` lands in the DLQ. A record
 * that is not a valid envelope fails the same way, so nothing is silently dropped.
 */
export function eventConsumer(handlers: EventHandlers) {
  const processor = new BatchProcessor(EventType.SQS);
  const handleRecord = async (record: SQSRecord): Promise<void> => {
    const event = parseEnvelope(JSON.parse(record.body));
    logger.appendKeys({ correlationId: event.correlationId, eventId: event.id, eventType: event.type });
    const handle = handlers[event.type] as ((event: Envelope) => Promise<void>) | undefined;
    if (!handle) {
      logger.warn('event type has no handler here; acknowledged', { type: event.type });
      return;
    }
    await handle(event);
  };
  return instrumented((event: SQSEvent, context: Context) =>
    processPartialResponse(event, handleRecord, processor, { context }),
  );
}
