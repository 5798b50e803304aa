import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from './logger.js';

export const REQUEST_ID_HEADER = 'X-Request-Id';
const UNSAFE = /[^A-Za-z0-9._:@/+=-]/g;
const MAX_LENGTH = 128;
/** Probes and scrapes arrive every few seconds: their lines are debug, everything else info (5xx error). */
const QUIET_PATHS = /^\/(health(\/(live|ready))?|metrics)(\?|$)/;

/** The caller's `X-Request-Id` kept to safe characters and a bounded length, or a fresh UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const raw = Array.isArray(header) ? header[0] : header;
  const cleaned = (raw ?? '').replace(UNSAFE, '').slice(0, MAX_LENGTH);
  return cleaned === '' ? randomUUID() : cleaned;
}

const requestIds = new WeakMap<ServerResponse, string>();

/** The request id the access log used for this response (also echoed in the `X-Request-Id` header). */
export function requestIdOf(response: ServerResponse): string | undefined {
  return requestIds.get(response);
}

/**
 * Express middleware, mounted before the body parsers so that every request, even one whose body is refused, gets
 * a request id and exactly one access line: `{ reqId, method, path, status, durationMs }`. The path goes through
 * the logger's redaction (`?token=…` → `?token=[redacted]`, phone numbers masked). Works on Node's own request and
 * response as well (the status-callback fast lane calls it without Express).
 */
export function requestLogging(logger: Logger) {
  return (request: IncomingMessage & { originalUrl?: string }, response: ServerResponse, next: () => void): void => {
    const started = process.hrtime.bigint();
    const reqId = requestIdFrom(request.headers['x-request-id']);
    requestIds.set(response, reqId);
    response.setHeader(REQUEST_ID_HEADER, reqId);
    // 'close' follows every response, finished or cut off (writableFinished tells which): one listener is enough
    response.once('close', () => {
      const status = response.statusCode;
      // Express's routers rewrite `url` on the way; `originalUrl` is what the client asked for
      const path = request.originalUrl ?? request.url ?? '';
      const line = {
        reqId,
        method: request.method,
        path,
        status,
        durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e3) / 1e3,
        ...(response.writableFinished ? {} : { aborted: true }),
      };
      const level = status >= 500 ? 'error' : QUIET_PATHS.test(path) ? 'debug' : 'info';
      logger[level](line, 'request');
    });
    next();
  };
}
