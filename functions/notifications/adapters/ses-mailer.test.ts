import { AppError } from '#lib/errors.ts';
import { classifySendError, redactAddresses } from './ses-mailer.ts';

const FROM = 'loja@shop.example';

/** An error as the SDK raises it for an answer SES gave. */
const answered = (name: string, message: string, status = 400) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

describe('what a SendEmail failure means', () => {
  it('takes a refused address as final, and keeps the address out of the reason', () => {
    const rejected = classifySendError(
      answered('BadRequestException', "Missing final '@domain' in address maria@"),
      FROM,
    );
    const sandbox = classifySendError(
      answered(
        'MessageRejected',
        'Email address is not verified. The following identities failed the check in region US-EAST-1: maria@example.com',
      ),
      FROM,
    );

    expect(rejected.kind).toBe('address_rejected');
    expect(sandbox.kind).toBe('address_rejected');
    expect(JSON.stringify([rejected, sandbox])).not.toContain('maria@example.com');
  });

  it('retries what the deployment must fix or SES refused for now', () => {
    const unverifiedSender = answered(
      'MessageRejected',
      `Email address is not verified. The following identities failed the check in region US-EAST-1: ${FROM}`,
    );
    for (const error of [
      unverifiedSender,
      answered('TooManyRequestsException', 'Rate exceeded', 429),
      answered('SendingPausedException', 'Sending paused'),
      answered('InternalFailure', 'oops', 500),
      answered('BadRequestException', 'Configuration set does not exist'),
    ]) {
      expect(classifySendError(error, FROM).kind).toBe('failed');
    }
  });

  it('retries a request that never left, and never one that may have reached SES', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const outOfTime = new AppError('dependency_unavailable', 'out of time');
    const timedOut = Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });

    expect(classifySendError(refused, FROM).kind).toBe('failed');
    expect(classifySendError(outOfTime, FROM).kind).toBe('failed');
    expect(classifySendError(timedOut, FROM).kind).toBe('unknown');
    expect(classifySendError(reset, FROM).kind).toBe('unknown');
  });

  it('redacts anything shaped like an address', () => {
    expect(redactAddresses('failed for <a.b+c@x.com.br>, ok')).toBe('failed for <<address>>, ok');
  });
});
