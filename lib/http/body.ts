import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { AppError } from '../errors.ts';

/** API.md: request bodies over 256 KiB get `413`. */
export const MAX_BODY_BYTES = 256 * 1024;

export const payloadTooLarge = () =>
  new AppError('payload_too_large', `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB.`);

export const invalidJson = () =>
  new AppError('validation_failed', 'The request body is not valid JSON.', {
    errors: [{ path: 'body', message: 'invalid JSON' }],
  });

/** The JSON body of the request, `undefined` when there is none. */
export function jsonBody(event: APIGatewayProxyEventV2): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (raw.byteLength > MAX_BODY_BYTES) {
    throw payloadTooLarge();
  }
  const contentType = event.headers?.['content-type'] ?? 'application/json';
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(contentType)) {
    throw new AppError(
      'validation_failed',
      'The request body must be JSON (content-type application/json).',
      {
        errors: [{ path: 'header.content-type', message: 'must be application/json' }],
      },
    );
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw invalidJson();
  }
}
