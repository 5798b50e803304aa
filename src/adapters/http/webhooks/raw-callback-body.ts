import type { Request } from 'express';
import { decodeCallbackBody } from '../../telephony/callback-body.js';

export const MAX_CALLBACK_BYTES = 256 * 1024;

export class CallbackBodyTooLarge extends Error {}

/**
 * The callback as an object: JSON and urlencoded bodies arrive parsed by the app's body parsers; anything else
 * (multipart, or an unlabelled body) is read here, bounded, and decoded by the telephony adapter.
 */
export async function callbackBody(request: Request): Promise<Record<string, unknown>> {
  if (request.body !== undefined && typeof request.body === 'object' && !Buffer.isBuffer(request.body) && Object.keys(request.body as object).length > 0) {
    return request.body as Record<string, unknown>;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_CALLBACK_BYTES) throw new CallbackBodyTooLarge(`callback body over ${MAX_CALLBACK_BYTES} bytes`);
    chunks.push(chunk);
  }
  return decodeCallbackBody(request.headers['content-type'], Buffer.concat(chunks));
}
