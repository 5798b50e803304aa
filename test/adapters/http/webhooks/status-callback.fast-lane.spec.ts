import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { Dialer } from '../../../../src/application/dialer/dialer.js';
import { noDialerMetrics } from '../../../../src/application/ports/dialer-metrics.port.js';
import type { CallProgress } from '../../../../src/application/ports/telephony.port.js';
import { withStatusCallbackFastLane } from '../../../../src/adapters/http/webhooks/status-callback.fast-lane.js';
import { asJson, v1CallbackForm } from './v1-callback.fixture.js';

const TOKEN = 'fast-lane-token-0123456789';
const call = { callSid: 'sid-fast-1', attemptId: 'c1~a1', createdAt: Date.parse('2026-03-02T04:30:00Z'), agentNumber: '+919812345670', customerNumber: '+919812345671', callerId: '+918012345678' };
const terminal = asJson(v1CallbackForm(call as never, { event: 'terminal', status: 'completed', agentLeg: 'completed', customerLeg: 'completed', conversationSec: 42 }, Date.parse('2026-03-02T04:31:00Z')));

describe('status-callback fast lane', () => {
  let server: Server;
  let base: string;
  const seen = { express: 0, logged: 0, unexpected: [] as unknown[], ingested: [] as CallProgress[] };
  let ingest: (progress: CallProgress) => Promise<'applied'> = async (progress) => {
    seen.ingested.push(progress);
    return 'applied';
  };

  beforeAll(async () => {
    const express = (_request: IncomingMessage, response: ServerResponse) => {
      seen.express += 1;
      response.writeHead(299).end();
    };
    const lane = withStatusCallbackFastLane(
      {
        dialer: () => ({ ingest: (progress: CallProgress) => ingest(progress) }) as unknown as Dialer,
        metrics: noDialerMetrics,
        webhookToken: TOKEN,
        logRequest: () => (seen.logged += 1),
        onUnexpected: (error) => seen.unexpected.push(error),
      },
      express,
    );
    server = createServer(lane);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    Object.assign(seen, { express: 0, logged: 0, unexpected: [], ingested: [] });
  });

  const post = (path: string, body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(`${base}${path}`, { method: 'POST', body, headers });

  it('takes a well-formed JSON callback with the token: read, recorded, answered, logged; Express never sees it', async () => {
    const answer = await post(`/webhooks/exotel/status?token=${TOKEN}`, terminal, { 'content-type': 'application/json; charset=utf-8' });

    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ result: 'applied' });
    expect(seen).toMatchObject({ express: 0, logged: 1 });
    expect(seen.ingested).toEqual([expect.objectContaining({ callSid: 'sid-fast-1', attemptId: 'c1~a1' })]);
  });

  it('answers a body that is not JSON, or not an object, with 400 malformed-body', async () => {
    const broken = await post(`/webhooks/exotel/status?token=${TOKEN}`, '{"CallSid": "abc", "Status": ');
    const text = await post(`/webhooks/exotel/status?token=${TOKEN}`, '"completed"');

    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: 'malformed-body', message: expect.stringMatching(/JSON/), details: { field: 'body' } });
    expect(text.status).toBe(400);
    expect(await text.json()).toMatchObject({ error: 'malformed-body', details: { field: 'body' } });
    expect(seen.ingested).toEqual([]);
  });

  it('answers a JSON callback it cannot read with 400 naming the field, as the controller does', async () => {
    const answer = await post(`/webhooks/ccm/status?token=${TOKEN}`, JSON.stringify({ hello: 'world' }));

    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: 'malformed-callback', details: { field: expect.any(String) } });
    expect(seen.ingested).toEqual([]);
  });

  it('answers 500 without details when recording fails unexpectedly, and reports the error', async () => {
    const previous = ingest;
    ingest = () => Promise.reject(new Error('disk on fire'));
    try {
      const answer = await post(`/webhooks/exotel/status?token=${TOKEN}`, terminal);
      expect(answer.status).toBe(500);
      expect(await answer.json()).toEqual({ error: 'internal', message: 'unexpected error' });
      expect(seen.unexpected).toHaveLength(1);
    } finally {
      ingest = previous;
    }
  });

  it.each([
    ['a wrong token', `/webhooks/exotel/status?token=not-${TOKEN}`, terminal, { 'content-type': 'application/json' }],
    ['no token', '/webhooks/exotel/status', terminal, { 'content-type': 'application/json' }],
    ['the token twice', `/webhooks/exotel/status?token=${TOKEN}&token=${TOKEN}`, terminal, { 'content-type': 'application/json' }],
    ['a token as an object', `/webhooks/exotel/status?token=${TOKEN}&token[a]=b`, terminal, { 'content-type': 'application/json' }],
    ['another path', `/webhooks/exotel/status/extra?token=${TOKEN}`, terminal, { 'content-type': 'application/json' }],
    ['a urlencoded body', `/webhooks/exotel/status?token=${TOKEN}`, 'CallSid=x', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['a JSON body in another charset', `/webhooks/exotel/status?token=${TOKEN}`, terminal, { 'content-type': 'application/json; charset=utf-16' }],
    ['no content type', `/webhooks/exotel/status?token=${TOKEN}`, terminal, {}],
    ['a compressed body', `/webhooks/exotel/status?token=${TOKEN}`, gzipSync(terminal), { 'content-type': 'application/json', 'content-encoding': 'gzip' }],
    ['a body over the callback limit', `/webhooks/exotel/status?token=${TOKEN}`, JSON.stringify({ CallSid: 'x', pad: 'x'.repeat(300_000) }), { 'content-type': 'application/json' }],
  ])('leaves %s to Express', async (_case, path, body, headers) => {
    const answer = await post(path, body as string, headers as Record<string, string>);

    expect(answer.status).toBe(299);
    expect(seen).toMatchObject({ express: 1, logged: 0, ingested: [] });
  });

  it('leaves other methods and chunked bodies to Express', async () => {
    const get = await fetch(`${base}/webhooks/exotel/status?token=${TOKEN}`);
    const chunked = await fetch(`${base}/webhooks/exotel/status?token=${TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Blob([terminal]).stream(),
      duplex: 'half',
    } as RequestInit);

    expect([get.status, chunked.status]).toEqual([299, 299]);
    expect(seen.express).toBe(2);
  });
});
