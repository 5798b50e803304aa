import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dialer } from '../../../application/dialer/dialer.js';
import type { DialerMetrics } from '../../../application/ports/dialer-metrics.port.js';
import { CallbackParseError } from '../../telephony/callback-parse.error.js';
import { BODY_AT_FAULT, type ApiErrorBody } from '../shared/api-error.filter.js';
import { sameSecret } from '../shared/constant-time.js';
import { MAX_CALLBACK_BYTES } from './raw-callback-body.js';
import { STATUS_CALLBACK_PATHS, callbackAnswer, callbackRefusal, receiveStatusCallback } from './status-callback.receiver.js';

export interface FastLaneDependencies {
  readonly dialer: () => Dialer;
  readonly metrics: DialerMetrics;
  readonly webhookToken: string;
  /** The access log and request id, as every other request gets them. */
  readonly logRequest: (request: IncomingMessage, response: ServerResponse) => void;
  readonly onUnexpected: (error: unknown) => void;
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Status callbacks are the service's most frequent request (thousands a second at peak), and Express's router, body
 * parsers and Nest's guard and handler pipeline cost about 150 µs of the event loop each (a third of a callback's whole
 * cost, measured by `npm run bench`). So the common, well-formed case is taken straight from Node's HTTP server: POST
 * to a status-callback path, exactly one `token` parameter equal to WEBHOOK_TOKEN, a JSON body with a Content-Length
 * within the callback limit and no content encoding. It is read by the same code as the controller's
 * (`receiveStatusCallback`) and answered with the same bodies. Every other request — a wrong or missing token, another
 * content type, a chunked or compressed body, another path — goes on to Express untouched, which answers it as before.
 */
export function withStatusCallbackFastLane(deps: FastLaneDependencies, express: Handler): Handler {
  return (request, response) => {
    const provider = laneFor(request, deps.webhookToken);
    if (provider === undefined) {
      express(request, response);
      return;
    }
    deps.logRequest(request, response);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.once('end', () => {
      const body = jsonObject(Buffer.concat(chunks));
      if ('refused' in body) return send(response, 400, body.refused);
      receiveStatusCallback(deps.dialer(), deps.metrics, provider, body.object).then(
        (result) => send(response, 200, callbackAnswer(result)),
        (error: unknown) => {
          if (error instanceof CallbackParseError) return send(response, 400, callbackRefusal(error));
          deps.onUnexpected(error);
          send(response, 500, { error: 'internal', message: 'unexpected error' });
        },
      );
    });
  };
}

function laneFor(request: IncomingMessage, webhookToken: string) {
  if (request.method !== 'POST') return undefined;
  const url = request.url ?? '';
  const queryAt = url.indexOf('?');
  const provider = STATUS_CALLBACK_PATHS[queryAt < 0 ? url : url.slice(0, queryAt)];
  if (provider === undefined || queryAt < 0) return undefined;
  const headers = request.headers;
  if (!isPlainJson(headers['content-type']) || headers['transfer-encoding'] !== undefined) return undefined;
  if (headers['content-encoding'] !== undefined && headers['content-encoding'] !== 'identity') return undefined;
  const length = Number(headers['content-length']);
  if (!Number.isInteger(length) || length < 1 || length > MAX_CALLBACK_BYTES) return undefined;
  const query = new URLSearchParams(url.slice(queryAt + 1));
  const tokens = query.getAll('token');
  // `token[...]` keys are read as objects by Express's query parser: such requests are its to refuse
  for (const key of query.keys()) if (key.startsWith('token[') || key.startsWith('token.')) return undefined;
  return tokens.length === 1 && sameSecret(tokens[0], webhookToken) ? provider : undefined;
}

const PLAIN_JSON = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

function isPlainJson(contentType: string | undefined): boolean {
  return contentType !== undefined && PLAIN_JSON.test(contentType);
}

/** As Express's JSON parser (strict) takes a body: an object or an array, else a 400 `malformed-body`. */
function jsonObject(raw: Buffer): { object: Record<string, unknown> } | { refused: ApiErrorBody } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    return { refused: { error: 'malformed-body', message: `the body is not valid JSON: ${(error as Error).message}`, ...BODY_AT_FAULT } };
  }
  if (typeof parsed !== 'object' || parsed === null) return { refused: { error: 'malformed-body', message: 'the JSON body is not an object', ...BODY_AT_FAULT } };
  return { object: parsed as Record<string, unknown> };
}

function send(response: ServerResponse, status: number, body: Buffer | ApiErrorBody): void {
  if (response.headersSent) return;
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': bytes.length });
  response.end(bytes);
}
