import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { IdempotencyCache } from '../../../../src/adapters/http/api/shared/idempotency.cache.js';
import { startTestService, TEST_API_KEY, type TestService } from '../../../support/test-service.js';
import { CALLER_ID, call, countEvents, createCampaign, uniqueId } from './api-test-helpers.js';

describe('Idempotency-Key on POST: the first answer again, nothing written', () => {
  let service: TestService;
  const withKey = (key: string) => ({ 'idempotency-key': key });

  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(() => service.close());

  it('a repeated create answers the first answer (same generated id) and writes nothing', async () => {
    const key = uniqueId('key');
    const first = await call(
      service,
      'POST',
      '/api/campaigns',
      { name: 'Once', callerId: CALLER_ID },
      withKey(key),
    );
    expect(first.status).toBe(201);
    const events = await countEvents(service);
    const again = await call(
      service,
      'POST',
      '/api/campaigns',
      { name: 'Once', callerId: CALLER_ID },
      withKey(key),
    );
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await countEvents(service)).toBe(events);
    const listed = (await call(service, 'GET', '/api/campaigns')).body.campaigns.filter(
      (c: { settings: { name: string } }) => c.settings.name === 'Once',
    );
    expect(listed).toHaveLength(1);
  });

  it('still writes nothing once the answer cache is gone (restart): command ids derive from the key', async () => {
    const key = uniqueId('key');
    const first = await call(
      service,
      'POST',
      '/api/campaigns',
      { name: 'Durable', callerId: CALLER_ID },
      withKey(key),
    );
    const events = await countEvents(service);
    service.app.get(IdempotencyCache).clear();
    const again = await call(
      service,
      'POST',
      '/api/campaigns',
      { name: 'Durable', callerId: CALLER_ID },
      withKey(key),
    );
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(await countEvents(service)).toBe(events);
  });

  it('a repeated control request answers its first answer even after the state moved on', async () => {
    const id = await createCampaign(service);
    const key = uniqueId('key');
    const started = await call(service, 'POST', `/api/campaigns/${id}/start`, undefined, withKey(key));
    expect(started.body.status).toBe('running');
    await call(service, 'POST', `/api/campaigns/${id}/pause`);
    const events = await countEvents(service);
    const again = await call(service, 'POST', `/api/campaigns/${id}/start`, undefined, withKey(key));
    expect(again).toMatchObject({ status: 200, body: { status: 'running' } });
    expect(await countEvents(service)).toBe(events);
    expect((await call(service, 'GET', `/api/campaigns/${id}`)).body.status).toBe('paused');
  });

  it('a repeated CSV import answers the first counts and writes nothing', async () => {
    const id = await createCampaign(service);
    const key = uniqueId('key');
    const post = () =>
      fetch(`${service.baseUrl}/api/campaigns/${id}/contacts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'text/csv', ...withKey(key) },
        body: 'phone,name\n9876533301,A\n9876533302,B\n',
      });
    const first = await post();
    expect(await first.json()).toMatchObject({ imported: 2 });
    const events = await countEvents(service);
    const again = await post();
    expect(await again.json()).toMatchObject({ imported: 2, duplicates: 0 });
    expect(await countEvents(service)).toBe(events);
  });

  it('concurrent repeats run once', async () => {
    const key = uniqueId('key');
    const body = { name: 'Concurrent', callerId: CALLER_ID };
    const events = await countEvents(service);
    const answers = await Promise.all(
      [1, 2, 3].map(() => call(service, 'POST', '/api/campaigns', body, withKey(key))),
    );
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(await countEvents(service)).toBe(events + 1);
  });

  it('refuses the same key with another body (409) and a malformed key (400); other routes or keys are independent', async () => {
    const key = uniqueId('key');
    await call(service, 'POST', '/api/campaigns', { name: 'First', callerId: CALLER_ID }, withKey(key));
    const reused = await call(
      service,
      'POST',
      '/api/campaigns',
      { name: 'Second', callerId: CALLER_ID },
      withKey(key),
    );
    expect(reused.status).toBe(409);
    expect(reused.body).toMatchObject({ error: 'idempotency.key-reused' });
    const agent = await call(
      service,
      'POST',
      '/api/agents',
      { name: 'Same key', phone: '9876544401' },
      withKey(key),
    );
    expect(agent.status).toBe(201);
    const malformed = await call(
      service,
      'POST',
      '/api/campaigns',
      { name: 'x', callerId: CALLER_ID },
      withKey('x'.repeat(201)),
    );
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ details: [{ field: 'Idempotency-Key' }] });
  });

  it('does not keep a failed answer: a repeat after fixing the state runs', async () => {
    const id = await createCampaign(service);
    const key = uniqueId('key');
    expect((await call(service, 'POST', `/api/campaigns/${id}/resume`, undefined, withKey(key))).status).toBe(
      409,
    );
    await call(service, 'POST', `/api/campaigns/${id}/start`);
    await call(service, 'POST', `/api/campaigns/${id}/pause`);
    const retried = await call(service, 'POST', `/api/campaigns/${id}/resume`, undefined, withKey(key));
    expect(retried).toMatchObject({ status: 200, body: { status: 'running' } });
  });
});
