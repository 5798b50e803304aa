import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../../src/app.js';
import { useLoggerFor } from '../../../src/adapters/observability/logger.registry.js';
import {
  capturedLogger,
  configWithSecrets,
  SECRET_API_KEY,
  SECRET_WEBHOOK_TOKEN,
  type CapturedLogs,
} from './support/captured-logger.js';

interface AccessLine {
  level: string;
  msg: string;
  reqId: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
}

describe('access log (real service, real HTTP, logs captured in memory)', () => {
  let app: INestApplication;
  let baseUrl: string;
  let logs: CapturedLogs;
  let dataDir: string;
  const sent: { id: string | null; status: number }[] = [];

  async function send(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(`${baseUrl}${path}`, init);
    await response.arrayBuffer();
    sent.push({ id: response.headers.get('x-request-id'), status: response.status });
    return response;
  }

  function accessLines(): AccessLine[] {
    return logs.records().filter((r) => r.msg === 'request') as unknown as AccessLine[];
  }

  async function untilLogged(count: number): Promise<AccessLine[]> {
    for (let i = 0; i < 100 && accessLines().length < count; i += 1)
      await new Promise((r) => setTimeout(r, 10));
    return accessLines();
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'dialer-access-log-'));
    const config = configWithSecrets({
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      DEMO: 'false',
      LOG_LEVEL: 'debug',
    });
    logs = capturedLogger(config);
    useLoggerFor(config, logs.logger);
    app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');

    await send('/health');
    await send('/api/agents/ag1/history', {
      headers: { authorization: `Bearer ${SECRET_API_KEY}`, 'x-request-id': 'trace-abc-123' },
    });
    await send('/no/such/page');
    await send('/api/agents/ag1/history', { headers: { authorization: 'Bearer wrong-key-0000000000' } });
    await send(`/webhooks/exotel/status?token=${SECRET_WEBHOOK_TOKEN}&From=09876543210`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'CallSid=abc&From=09876543210&Status=completed',
    });
    await send('/api/agents', {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET_API_KEY}`, 'content-type': 'application/json' },
      body: '{"phone": "+9198765',
    });
    // a JSON callback with the right token: the fast lane in front of Express logs it the same way
    await send(`/webhooks/exotel/status?token=${SECRET_WEBHOOK_TOKEN}&From=09876543210`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ CallSid: 'never-placed', Status: 'completed', From: '09876543210' }),
    });
  });

  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes exactly one access line per request, each with the id echoed in X-Request-Id', async () => {
    const lines = await untilLogged(sent.length);
    expect(lines).toHaveLength(sent.length);
    expect(lines.map((l) => l.reqId)).toEqual(sent.map((s) => s.id));
    expect(lines.map((l) => l.status)).toEqual(sent.map((s) => s.status));
    for (const line of lines) {
      expect(line.reqId).toMatch(/^[\w.:-]+$/);
      expect(line.durationMs).toBeGreaterThanOrEqual(0);
    }
  });

  it("keeps the caller's X-Request-Id and logs method, path and status", async () => {
    const lines = await untilLogged(sent.length);
    expect(lines[1]).toMatchObject({
      reqId: 'trace-abc-123',
      method: 'GET',
      path: '/api/agents/ag1/history',
      status: 200,
      level: 'info',
    });
    expect(lines[2]).toMatchObject({ method: 'GET', path: '/no/such/page', status: 404 });
    expect(lines[3]).toMatchObject({ status: 401 });
    expect(lines[5]).toMatchObject({ method: 'POST', path: '/api/agents', status: 400 });
  });

  it('logs probes at debug level', async () => {
    const lines = await untilLogged(sent.length);
    expect(lines[0]).toMatchObject({ path: '/health', status: 200, level: 'debug' });
  });

  it('redacts the webhook token and phone numbers from the path, and no secret appears in any line', async () => {
    const lines = await untilLogged(sent.length);
    expect(lines[4]!.method).toBe('POST');
    expect(lines[4]!.path).toBe('/webhooks/exotel/status?token=[redacted]&From=******3210');
    expect(lines[6]).toMatchObject({ method: 'POST', path: '/webhooks/exotel/status?token=[redacted]&From=******3210', status: 200 });
    const everything = logs.raw.join('');
    for (const secret of [SECRET_API_KEY, SECRET_WEBHOOK_TOKEN, 'wrong-key-0000000000', '9876543210'])
      expect(everything).not.toContain(secret);
  });
});
