import type { Dialer, IngestResult } from '../../../application/dialer/dialer.js';
import type { DialerMetrics } from '../../../application/ports/dialer-metrics.port.js';
import type { CallProgress } from '../../../application/ports/telephony.port.js';
import { CallbackParseError } from '../../telephony/callback-parse.error.js';
import { parseCcmV2Callback } from '../../telephony/ccm-v2/callback.parser.js';
import { parseExotelV1Callback } from '../../telephony/exotel-v1/callback.parser.js';
import type { ApiErrorBody } from '../shared/api-error.filter.js';

export type CallbackProvider = 'exotel-v1' | 'ccm-v2';

const PARSERS: Readonly<Record<CallbackProvider, (body: Record<string, unknown>) => CallProgress>> = {
  'exotel-v1': parseExotelV1Callback,
  'ccm-v2': parseCcmV2Callback,
};

/** The status-callback paths, by provider (the controller's routes, and the fast lane's). */
export const STATUS_CALLBACK_PATHS: Readonly<Record<string, CallbackProvider>> = {
  '/webhooks/exotel/status': 'exotel-v1',
  '/webhooks/ccm/status': 'ccm-v2',
};

/**
 * One status callback, decoded: read, recorded, counted. Throws CallbackParseError for a body it cannot read (see
 * `callbackRefusal`); nothing is written then.
 */
export async function receiveStatusCallback(dialer: Dialer, metrics: DialerMetrics, provider: CallbackProvider, body: Record<string, unknown>): Promise<IngestResult> {
  const started = performance.now();
  const result = await dialer.ingest(PARSERS[provider](body));
  if (result === 'orphan') metrics.orphanCallback(provider);
  metrics.webhookHandled(provider, (performance.now() - started) / 1000);
  return result;
}

/** The 400 for a callback that could not be read, naming the field. */
export function callbackRefusal(error: CallbackParseError): ApiErrorBody {
  return { error: 'malformed-callback', message: error.message, details: { field: error.field } };
}

const ANSWERS: Readonly<Record<IngestResult, Buffer>> = {
  applied: Buffer.from(JSON.stringify({ result: 'applied' })),
  duplicate: Buffer.from(JSON.stringify({ result: 'duplicate' })),
  deferred: Buffer.from(JSON.stringify({ result: 'deferred' })),
  orphan: Buffer.from(JSON.stringify({ result: 'orphan' })),
};

/** The answer's bytes, made once: a callback answer needs none of what Express's `res.json` adds (an ETag hashing every body). */
export function callbackAnswer(result: IngestResult): Buffer {
  return ANSWERS[result];
}
