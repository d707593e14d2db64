import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { AppError } from '../errors.ts';
import { jsonBody, MAX_BODY_BYTES } from './body.ts';

const event = (body: string | undefined, headers: Record<string, string> = {}, isBase64Encoded = false) =>
  ({
    body,
    headers: { 'content-type': 'application/json', ...headers },
    isBase64Encoded,
  }) as unknown as APIGatewayProxyEventV2;

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as AppError).code;
  }
  return 'no error';
};

describe('jsonBody', () => {
  it('parses a JSON body, plain or base64-encoded', () => {
    expect(jsonBody(event('{"a":1}'))).toEqual({ a: 1 });
    expect(jsonBody(event(Buffer.from('{"a":2}').toString('base64'), {}, true))).toEqual({ a: 2 });
    expect(jsonBody(event(undefined))).toBeUndefined();
  });

  it('answers 413 payload_too_large over 256 KiB, counting bytes, not characters', () => {
    const justOver = `"${'é'.repeat(MAX_BODY_BYTES / 2)}"`;
    expect(codeOf(() => jsonBody(event(justOver)))).toBe('payload_too_large');
    expect(new AppError('payload_too_large', 'x').status).toBe(413);
  });

  it('rejects malformed JSON and non-JSON content types as validation_failed', () => {
    expect(codeOf(() => jsonBody(event('{"a":')))).toBe('validation_failed');
    expect(
      codeOf(() => jsonBody(event('a=1', { 'content-type': 'application/x-www-form-urlencoded' }))),
    ).toBe('validation_failed');
    expect(jsonBody(event('{"a":1}', { 'content-type': 'application/merge-patch+json' }))).toEqual({ a: 1 });
  });
});
