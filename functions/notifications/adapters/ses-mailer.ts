import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { sdkClientOptions } from '#lib/aws-http-handler.ts';
import { isAppError } from '#lib/errors.ts';
import { tracer } from '#lib/observability.ts';
import type { Email, Mailer, SendResult } from '../ports.ts';

/** Anything shaped like an address is cut out of SES's messages before they reach a record or a log. */
export const redactAddresses = (text: string): string =>
  text.replace(/[^\s<>"'(),;:[\]]+@[^\s<>"'(),;:[\]]+/g, '<address>').slice(0, 300);

/** Errors raised before a request left this process: nothing can have reached SES. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ERR_INVALID_URL']);

type SdkError = Error & { $metadata?: { httpStatusCode?: number }; code?: string; cause?: unknown };

/**
 * What a SendEmail failure means for the one e-mail (see SendResult). SES answered (an HTTP status):
 * it did not take the message. The address is the problem, for good, when SES says so: a
 * `BadRequestException` about the address, or `MessageRejected` naming an identity other than the
 * sender (the sandbox's unverified recipient); an unverified sender is the deployment's problem and
 * is retried, into the DLQ and its alarm. No answer at all: it may have been sent.
 */
export function classifySendError(error: unknown, from: string): SendResult {
  const e = error as SdkError;
  const reason = redactAddresses(`${e?.name ?? 'Error'}: ${e?.message ?? String(error)}`);
  const status = e?.$metadata?.httpStatusCode;
  if (status === undefined) {
    // The request deadline was out before the attempt started (lib/aws-http-handler.ts).
    if (isAppError(error)) return { kind: 'failed', reason };
    const code = e?.code ?? (e?.cause as { code?: string } | undefined)?.code;
    if (code && NEVER_SENT.has(code)) return { kind: 'failed', reason };
    return { kind: 'unknown', reason };
  }
  const message = e.message ?? '';
  if (e.name === 'MessageRejected') {
    const sender = from.toLowerCase();
    const domain = sender.split('@')[1] ?? sender;
    const aboutSender = message.toLowerCase().includes(sender) || message.toLowerCase().includes(domain);
    return aboutSender ? { kind: 'failed', reason } : { kind: 'address_rejected', reason };
  }
  if (e.name === 'BadRequestException' && /address|mailbox|domain|recipient|@/i.test(message)) {
    return { kind: 'address_rejected', reason };
  }
  return { kind: 'failed', reason };
}

/**
 * SES v2 SendEmail. One attempt per send (`maxAttempts: 1`): an SDK retry after a time-out could
 * deliver the same e-mail twice, so every retry is the queue's, through the sent-mail record.
 * The endpoint comes from `AWS_ENDPOINT_URL_SESV2` when set (the local emulator).
 */
export function sesMailer(options: { from: string; configurationSet?: string | undefined }): Mailer {
  const ses = tracer.captureAWSv3Client(new SESv2Client({ ...sdkClientOptions(), maxAttempts: 1 }));
  return {
    async send(email: Email): Promise<SendResult> {
      try {
        const answer = await ses.send(
          new SendEmailCommand({
            FromEmailAddress: options.from,
            Destination: { ToAddresses: [email.to] },
            Content: {
              Simple: {
                Subject: { Data: email.subject, Charset: 'UTF-8' },
                Body: {
                  Text: { Data: email.text, Charset: 'UTF-8' },
                  Html: { Data: email.html, Charset: 'UTF-8' },
                },
              },
            },
            ...(options.configurationSet ? { ConfigurationSetName: options.configurationSet } : {}),
            EmailTags: [{ Name: 'kind', Value: email.kind }],
          }),
        );
        return { kind: 'sent', messageId: answer.MessageId ?? '' };
      } catch (error) {
        return classifySendError(error, options.from);
      }
    },
  };
}
