import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { HEARTBEAT_MS, SseStream } from '../../../../src/adapters/http/events/sse-stream.js';

/** Just enough of a ServerResponse: records what is written, and lets a test say when the socket is full. */
class FakeResponse extends EventEmitter {
  readonly written: string[] = [];
  headers: Record<string, string> = {};
  status = 0;
  full = false;
  ended = false;

  get writableNeedDrain(): boolean {
    return this.full;
  }

  writeHead(status: number, headers: Record<string, string>): this {
    this.status = status;
    this.headers = headers;
    return this;
  }

  write(chunk: string): boolean {
    this.written.push(chunk);
    return !this.full;
  }

  end(): void {
    this.ended = true;
    this.emit('close');
  }
}

const asResponse = (fake: FakeResponse) => fake as unknown as ServerResponse;
const frame = { id: '1', event: 'CampaignStarted', data: '{}' };

describe('an open server-sent events response', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('answers text/event-stream, uncached, and tells the browser how soon to reconnect', () => {
    const response = new FakeResponse();
    new SseStream(asResponse(response)).end();
    expect(response.status).toBe(200);
    expect(response.headers['Content-Type']).toBe('text/event-stream; charset=utf-8');
    expect(response.headers['Cache-Control']).toContain('no-cache');
    expect(response.written[0]).toMatch(/^retry: \d+\n/);
  });

  it('writes a comment every 15 seconds, and nothing once closed', () => {
    const response = new FakeResponse();
    const stream = new SseStream(asResponse(response));
    const heartbeats = () => response.written.filter((chunk) => chunk.startsWith(': heartbeat')).length;
    jest.advanceTimersByTime(HEARTBEAT_MS - 1);
    expect(heartbeats()).toBe(0);
    jest.advanceTimersByTime(1);
    expect(heartbeats()).toBe(1);
    jest.advanceTimersByTime(HEARTBEAT_MS);
    expect(heartbeats()).toBe(2);
    response.emit('close');
    jest.advanceTimersByTime(5 * HEARTBEAT_MS);
    expect(heartbeats()).toBe(2);
    expect(stream.closed).toBe(true);
  });

  it('holds the next event until a full socket drains', async () => {
    const response = new FakeResponse();
    const stream = new SseStream(asResponse(response));
    response.full = true;
    let sent = false;
    const sending = stream.send(frame).then(() => (sent = true));
    await Promise.resolve();
    expect(sent).toBe(false);
    response.full = false;
    response.emit('drain');
    await sending;
    expect(sent).toBe(true);
  });

  it('lets a send waiting on a full socket go when the client leaves, and tells the close listeners once', async () => {
    const response = new FakeResponse();
    const stream = new SseStream(asResponse(response));
    const closed = jest.fn();
    stream.onClose(closed);
    response.full = true;
    const sending = stream.send(frame);
    response.emit('close');
    await sending;
    response.emit('close');
    expect(closed).toHaveBeenCalledTimes(1);
    const before = response.written.length;
    await stream.send(frame);
    expect(response.written.length).toBe(before);
  });
});
