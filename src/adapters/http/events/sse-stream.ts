import type { ServerResponse } from 'node:http';
import { encodeFrame, type EventFrame } from './event-frame.js';

export const HEARTBEAT_MS = 15_000;
/** How long a browser waits before it reconnects (it then sends `Last-Event-ID`). */
const RETRY_MS = 3_000;

/**
 * One open `text/event-stream` response: frames with backpressure (a send resolves once the socket took it, or
 * the client left), a comment line every `heartbeatMs` so proxies keep the connection, and one close signal.
 */
export class SseStream {
  private isClosed = false;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly closeListeners: (() => void)[] = [];

  constructor(
    private readonly response: ServerResponse,
    heartbeatMs: number = HEARTBEAT_MS,
  ) {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    response.write(`retry: ${RETRY_MS}\n: connected\n\n`);
    this.heartbeat = setInterval(() => this.comment(`heartbeat ${new Date().toISOString()}`), heartbeatMs);
    response.on('close', () => this.finish());
    response.on('error', () => this.finish());
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Runs once, when the client leaves or the server ends the stream. */
  onClose(listener: () => void): void {
    if (this.isClosed) listener();
    else this.closeListeners.push(listener);
  }

  async send(frame: EventFrame): Promise<void> {
    if (this.isClosed) return;
    if (this.response.write(encodeFrame(frame))) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.response.off('drain', done);
        this.response.off('close', done);
        resolve();
      };
      this.response.on('drain', done);
      this.response.on('close', done);
    });
  }

  /** Ends the response (server side: shutdown, or the store failed and the client should reconnect). */
  end(): void {
    if (!this.isClosed) this.response.end();
    this.finish();
  }

  private comment(text: string): void {
    // a client that does not read is not sent more: the heartbeat only matters to idle connections
    if (this.isClosed || this.response.writableNeedDrain) return;
    this.response.write(`: ${text}\n\n`);
  }

  private finish(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    clearInterval(this.heartbeat);
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}
