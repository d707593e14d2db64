import { AppError } from '#lib/errors.ts';
import { recipientHash } from '../domain/recipient.ts';
import type { Clock, Email, Logger, Mailer, Metrics, NotificationLog } from '../ports.ts';

export interface SendOnceDeps {
  log: NotificationLog;
  mailer: Mailer;
  clock: Clock;
  metrics: Metrics;
  logger: Logger;
}

/** What became of one event's e-mail on this delivery. */
export type SendOutcome = 'sent' | 'duplicate' | 'nothing_to_send' | 'address_rejected' | 'unknown';

export interface EventRef {
  id: string;
  type: string;
}

/**
 * At most one e-mail per event, however often the event is delivered:
 * 1. an event whose record says it was handled (SENT, FAILED_ADDRESS) or is being, or may have been,
 *    sent (SENDING) is acknowledged without reading anything else;
 * 2. the e-mail is composed (the caller reads Sales or Inventory; nothing to send ends here);
 * 3. the event id is claimed SENDING with a conditional write: of two deliveries racing, one sends;
 * 4. SES is called once (no SDK retries), and the outcome recorded: SENT; FAILED_ADDRESS (acknowledged,
 *    never retried); SEND_FAILED when SES certainly sent nothing (thrown, so the queue delivers the
 *    event again and the next claim may try again); and when SES gave no answer, the record stays
 *    SENDING, so no later delivery sends a second e-mail that SES may already have taken.
 * A process that stops between the claim and the answer also leaves SENDING: such an e-mail may be
 * lost, never doubled. It is counted (EmailOutcomeUnknown) and logged by event id for a person.
 */
export function makeSendOnce(deps: SendOnceDeps) {
  return async function sendOnce(
    event: EventRef,
    compose: () => Promise<Email | undefined>,
  ): Promise<SendOutcome> {
    const existing = await deps.log.get(event.id);
    if (existing && existing.status !== 'SEND_FAILED') {
      deps.metrics.count('EmailsDuplicate');
      if (existing.status === 'SENDING') {
        deps.logger.warn('e-mail of this event is being sent or may have been sent; not sent again', {
          eventId: event.id,
          attempts: existing.attempts,
          since: existing.updatedAt,
        });
      }
      return 'duplicate';
    }
    const email = await compose();
    if (!email) return 'nothing_to_send';

    const recipient = recipientHash(email.to);
    const claimed = await deps.log.claim({
      eventId: event.id,
      eventType: event.type,
      kind: email.kind,
      recipient,
      at: deps.clock.now().toISOString(),
    });
    if (claimed.kind === 'taken') {
      deps.metrics.count('EmailsDuplicate');
      return 'duplicate';
    }

    const result = await deps.mailer.send(email);
    const at = () => deps.clock.now().toISOString();
    const detail = { eventId: event.id, kind: email.kind, recipient, attempt: claimed.attempt };
    switch (result.kind) {
      case 'sent':
        await deps.log.settle(
          event.id,
          claimed.attempt,
          { status: 'SENT', messageId: result.messageId },
          at(),
        );
        deps.metrics.count('EmailsSent');
        deps.logger.info('e-mail sent', { ...detail, messageId: result.messageId });
        return 'sent';
      case 'address_rejected':
        await deps.log.settle(
          event.id,
          claimed.attempt,
          { status: 'FAILED_ADDRESS', reason: result.reason },
          at(),
        );
        deps.metrics.count('EmailAddressRejected');
        deps.logger.warn('SES rejected the address; recorded, not retried', {
          ...detail,
          reason: result.reason,
        });
        return 'address_rejected';
      case 'failed':
        await deps.log.settle(
          event.id,
          claimed.attempt,
          { status: 'SEND_FAILED', reason: result.reason },
          at(),
        );
        deps.metrics.count('EmailSendFailures');
        throw new AppError('dependency_unavailable', 'SES did not take the e-mail; the event is retried.', {
          cause: new Error(result.reason),
        });
      case 'unknown':
        deps.metrics.count('EmailSendFailures');
        deps.metrics.count('EmailOutcomeUnknown');
        deps.logger.error('SES gave no answer; the e-mail may have been sent and is not sent again', {
          ...detail,
          reason: result.reason,
        });
        return 'unknown';
    }
  };
}

export type SendOnce = ReturnType<typeof makeSendOnce>;
