import { Agent, request } from 'node:http';

/** One request exactly as the fuzzer wants it on the wire: raw path, any headers, any bytes. */
export interface RawRequest {
  readonly method: string;
  /** Path and query as sent (already percent-encoded where node:http needs it; latin-1 bytes allowed). */
  readonly path: string;
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body?: Buffer;
  /** Send the body in two chunks with `Transfer-Encoding: chunked` instead of a Content-Length. */
  readonly chunked?: boolean;
}

export interface RawAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  /** The parsed body when it is JSON. */
  readonly json?: unknown;
  /** True when the body was not read to its end (an event stream). */
  readonly streamed: boolean;
  /** The app answered (its request-log middleware stamps every answer with x-request-id), not Node's HTTP parser. */
  readonly byApp: boolean;
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

/** Closes the keep-alive connections (after the service closed). */
export function closeRawHttp(): void {
  agent.destroy();
}

/**
 * Sends one request over node:http (fetch would normalise the path, refuse odd header values and set its own
 * content type) and reads the answer; a server-sent event stream is cut off once its headers arrived.
 */
export function sendRaw(baseUrl: string, raw: RawRequest, timeoutMs = 15_000): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  return new Promise<RawAnswer>((resolve, reject) => {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(raw.headers))
      headers[name] = typeof value === 'string' ? value : [...value];
    if (raw.body !== undefined && !raw.chunked) headers['content-length'] = String(raw.body.length);
    const outgoing = request(
      { host: url.hostname, port: url.port, method: raw.method, path: raw.path, headers, agent },
      (incoming) => {
        const contentType = String(incoming.headers['content-type'] ?? '');
        const byApp = incoming.headers['x-request-id'] !== undefined;
        if (contentType.startsWith('text/event-stream')) {
          incoming.destroy();
          clearTimeout(timer);
          resolve({ status: incoming.statusCode ?? 0, contentType, text: '', streamed: true, byApp });
          return;
        }
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
        incoming.on('end', () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text === '' ? undefined : (JSON.parse(text) as unknown);
          } catch {
            json = undefined;
          }
          resolve({
            status: incoming.statusCode ?? 0,
            contentType,
            text,
            ...(json === undefined ? {} : { json }),
            streamed: false,
            byApp,
          });
        });
      },
    );
    const timer = setTimeout(() => {
      outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    outgoing.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    if (raw.body === undefined) {
      outgoing.end();
    } else if (raw.chunked) {
      const half = Math.floor(raw.body.length / 2);
      outgoing.write(raw.body.subarray(0, half));
      outgoing.end(raw.body.subarray(half));
    } else {
      outgoing.end(raw.body);
    }
  });
}
