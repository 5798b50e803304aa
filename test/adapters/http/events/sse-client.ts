/** One server-sent event as a client parses it. */
export interface SseMessage {
  readonly id?: string;
  readonly event?: string;
  readonly data: string;
}

export interface FeedPayload {
  readonly streamId: string;
  readonly revision: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly recordedAt: string;
}

/** A minimal `text/event-stream` reader over fetch (Node 20 has no EventSource). */
export class SseClient {
  readonly comments: string[] = [];
  private readonly queue: SseMessage[] = [];
  private buffer = '';
  private ended = false;
  private wake: (() => void) | undefined;

  private constructor(
    readonly response: Response,
    private readonly abort: AbortController,
  ) {
    void this.pump();
  }

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const abort = new AbortController();
    const response = await fetch(url, { headers, signal: abort.signal });
    return new SseClient(response, abort);
  }

  /** Whether the server ended the stream. */
  get done(): boolean {
    return this.ended;
  }

  /** The next message, or an error after `timeoutMs`. */
  async next(timeoutMs = 5000): Promise<SseMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const message = this.queue.shift();
      if (message !== undefined) return message;
      if (this.ended) throw new Error('the stream ended');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no event within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Messages until `until` says stop (inclusive). */
  async collectUntil(until: (message: SseMessage) => boolean, timeoutMs = 10_000): Promise<SseMessage[]> {
    const deadline = Date.now() + timeoutMs;
    const messages: SseMessage[] = [];
    for (;;) {
      const message = await this.next(Math.max(1, deadline - Date.now()));
      messages.push(message);
      if (until(message)) return messages;
    }
  }

  /** Resolves once the server ended the stream. */
  async waitForEnd(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      if (Date.now() > deadline) throw new Error('the stream did not end');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  close(): void {
    this.abort.abort();
  }

  private async pump(): Promise<void> {
    const body = this.response.body;
    if (body === null) return this.finish();
    const decoder = new TextDecoder();
    try {
      for await (const chunk of body) {
        this.buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        this.parse();
      }
    } catch {
      // aborted by close()
    }
    this.finish();
  }

  private parse(): void {
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const fields: { id?: string; event?: string; data?: string } = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
        else if (line.startsWith('id: ')) fields.id = line.slice(4);
        else if (line.startsWith('event: ')) fields.event = line.slice(7);
        else if (line.startsWith('data: ')) fields.data = line.slice(6);
      }
      if (fields.data !== undefined) this.queue.push({ ...fields, data: fields.data });
    }
    this.wake?.();
  }

  private finish(): void {
    this.ended = true;
    this.wake?.();
  }
}

export const payloadOf = (message: SseMessage): FeedPayload => JSON.parse(message.data) as FeedPayload;
