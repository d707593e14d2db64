import type { IncomingMessage } from 'node:http';

import { MAX_BODY_BYTES, payloadTooLarge } from '#lib/http/body.ts';
import { problemFor } from './problem.ts';
import type { GatewayResponse } from './response.ts';

/** API.md: bodies over 256 KiB get 413; the gateway stops reading there and drops the connection. */
export const tooLarge = (): GatewayResponse => problemFor(payloadTooLarge(), { connection: 'close' });

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer | 'too-large'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return 'too-large';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).byteLength;
    if (size > limit) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
