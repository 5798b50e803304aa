import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TEST_API_KEY, startTestService, type TestService } from '../../../support/test-service.js';
import { CALLER_ID, call, countEvents, createCampaign, registerAgent, uniqueId } from './api-test-helpers.js';

describe('campaigns API (real SQLite, real HTTP)', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(() => service.close());

  describe('POST /api/campaigns', () => {
    it('creates a draft campaign with the defaults, a generated id and the configured provider', async () => {
      const answer = await call(service, 'POST', '/api/campaigns', {
        name: 'Renewals',
        callerId: '08047112222',
      });
      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({
        status: 'draft',
        agentIds: [],
        settings: {
          name: 'Renewals',
          callerId: CALLER_ID,
          provider: 'sandbox',
          window: { timeZone: 'Asia/Kolkata', from: '09:00', to: '21:00' },
          retry: { busy: { retryAfterSec: 300, maxAttempts: 3 } },
          ringTimeoutSec: 30,
          recording: { enabled: false, channels: 'single' },
        },
      });
      expect(answer.body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.parse(answer.body.createdAt)).not.toBeNaN();
    });

    it('takes an id, partial nested settings and agents to assign', async () => {
      const agentId = await registerAgent(service);
      const id = uniqueId('k');
      const answer = await call(service, 'POST', '/api/campaigns', {
        id,
        name: 'Collections',
        callerId: CALLER_ID,
        window: { to: '20:00' },
        retry: { busy: { maxAttempts: 5 }, failed: null },
        wrapUpSec: 30,
        agentIds: [agentId],
      });
      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({
        id,
        agentIds: [agentId],
        settings: { window: { from: '09:00', to: '20:00' }, wrapUpSec: 30 },
      });
      expect(answer.body.settings.retry).toEqual({
        busy: { retryAfterSec: 300, maxAttempts: 5 },
        'no-answer': { retryAfterSec: 300, maxAttempts: 3 },
      });
    });

    it('answers 400 naming the field for a missing caller id (none configured), a bad value or an unknown key', async () => {
      const noCallerId = await call(service, 'POST', '/api/campaigns', { name: 'x' });
      expect(noCallerId.status).toBe(400);
      expect(noCallerId.body).toMatchObject({
        error: 'campaign.invalid-settings',
        details: { field: 'callerId' },
      });

      const badZone = await call(service, 'POST', '/api/campaigns', {
        name: 'x',
        callerId: CALLER_ID,
        window: { timeZone: 'Mars/Olympus' },
      });
      expect(badZone.status).toBe(400);
      expect(badZone.body).toMatchObject({ details: { field: 'window.timeZone' } });

      const badType = await call(service, 'POST', '/api/campaigns', {
        name: 'x',
        callerId: CALLER_ID,
        ringTimeoutSec: 'soon',
      });
      expect(badType.status).toBe(400);
      expect(badType.body).toMatchObject({
        error: 'invalid-request',
        details: [{ field: 'ringTimeoutSec' }],
      });

      const outOfRange = await call(service, 'POST', '/api/campaigns', {
        name: 'x',
        callerId: CALLER_ID,
        ringTimeoutSec: 1,
      });
      expect(outOfRange.status).toBe(400);
      expect(outOfRange.body).toMatchObject({ details: { field: 'ringTimeoutSec' } });

      const unknownKey = await call(service, 'POST', '/api/campaigns', {
        name: 'x',
        callerId: CALLER_ID,
        colour: 'red',
      });
      expect(unknownKey.status).toBe(400);
      expect(unknownKey.body.message).toContain('colour');

      const badId = await call(service, 'POST', '/api/campaigns', {
        id: 'has space',
        name: 'x',
        callerId: CALLER_ID,
      });
      expect(badId.status).toBe(400);
      expect(badId.body).toMatchObject({ details: [{ field: 'id' }] });
    });

    it('answers 409 for an id in use and 404 for an agent that is not registered', async () => {
      const id = await createCampaign(service);
      const again = await call(service, 'POST', '/api/campaigns', { id, name: 'again', callerId: CALLER_ID });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ error: 'campaign.already-exists' });
      const unknownAgent = await call(service, 'POST', '/api/campaigns', {
        name: 'x',
        callerId: CALLER_ID,
        agentIds: ['nobody'],
      });
      expect(unknownAgent.status).toBe(404);
      expect(unknownAgent.body).toMatchObject({ error: 'agent.not-found' });
    });

    it('answers 401 without the API key', async () => {
      const anonymous = await fetch(`${service.baseUrl}/api/campaigns`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(anonymous.status).toBe(401);
    });

    it('answers a body it cannot read with a 4xx that names the body, and stores nothing', async () => {
      const before = await countEvents(service);
      const send = (body: string, contentType = 'application/json') =>
        fetch(`${service.baseUrl}/api/campaigns`, { method: 'POST', headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': contentType }, body });

      const broken = await send('{"name": "x",');
      expect(broken.status).toBe(400);
      expect(await broken.json()).toMatchObject({ error: 'malformed-body', message: expect.stringMatching(/JSON/), details: { field: 'body' } });
      const huge = await send(JSON.stringify({ name: 'x'.repeat(2_000_000), callerId: CALLER_ID }));
      expect(huge.status).toBe(413);
      expect(await huge.json()).toMatchObject({ error: 'body-too-large', details: { field: 'body' } });
      const charset = await send('{}', 'application/json; charset=latin9');
      expect(charset.status).toBe(415);
      expect(await charset.json()).toMatchObject({ error: 'unsupported-media-type', details: { field: 'body' } });
      expect(await countEvents(service)).toBe(before);
    });
  });

  describe('GET /api/campaigns and /api/campaigns/:id', () => {
    it('lists every campaign (drafts too), filters by status, and reads one', async () => {
      const draft = await createCampaign(service);
      const running = await createCampaign(service);
      expect((await call(service, 'POST', `/api/campaigns/${running}/start`)).status).toBe(200);

      const all = await call(service, 'GET', '/api/campaigns');
      expect(all.status).toBe(200);
      const ids = all.body.campaigns.map((c: { id: string }) => c.id);
      expect(ids).toEqual(expect.arrayContaining([draft, running]));

      const onlyRunning = await call(service, 'GET', '/api/campaigns?status=running');
      expect(onlyRunning.body.campaigns.map((c: { id: string }) => c.id)).toContain(running);
      expect(onlyRunning.body.campaigns.every((c: { status: string }) => c.status === 'running')).toBe(true);

      const one = await call(service, 'GET', `/api/campaigns/${draft}`);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ id: draft, status: 'draft' });
    });

    it('answers 404 for an unknown campaign, 400 for a bad id or filter', async () => {
      expect((await call(service, 'GET', '/api/campaigns/nope')).body).toMatchObject({
        error: 'campaign.not-found',
      });
      expect((await call(service, 'GET', '/api/campaigns/nope')).status).toBe(404);
      expect((await call(service, 'GET', '/api/campaigns/bad%20id')).status).toBe(400);
      const badFilter = await call(service, 'GET', '/api/campaigns?status=sleeping');
      expect(badFilter.status).toBe(400);
      expect(badFilter.body).toMatchObject({ details: [{ field: 'status' }] });
    });
  });

  describe('PATCH /api/campaigns/:id', () => {
    it('changes settings while draft, merging nested objects', async () => {
      const id = await createCampaign(service);
      const answer = await call(service, 'PATCH', `/api/campaigns/${id}`, {
        name: 'Renamed',
        window: { days: [1, 2, 3] },
        recording: { enabled: true },
      });
      expect(answer.status).toBe(200);
      expect(answer.body.settings).toMatchObject({
        name: 'Renamed',
        window: { days: [1, 2, 3], from: '09:00' },
        recording: { enabled: true, channels: 'single' },
      });
    });

    it('answers 400 naming the field for a bad value, 404 for an unknown campaign, 409 while running', async () => {
      const id = await createCampaign(service);
      const bad = await call(service, 'PATCH', `/api/campaigns/${id}`, {
        window: { from: '22:00', to: '08:00' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ details: { field: 'window.to' } });
      const badRetry = await call(service, 'PATCH', `/api/campaigns/${id}`, {
        retry: { busy: { maxAttempts: 0 } },
      });
      expect(badRetry.status).toBe(400);
      expect(badRetry.body).toMatchObject({ details: { field: 'retry.busy.maxAttempts' } });

      expect((await call(service, 'PATCH', '/api/campaigns/nope', { name: 'x' })).status).toBe(404);

      await call(service, 'POST', `/api/campaigns/${id}/start`);
      const running = await call(service, 'PATCH', `/api/campaigns/${id}`, { name: 'x' });
      expect(running.status).toBe(409);
      expect(running.body).toMatchObject({ error: 'campaign.not-editable' });

      await call(service, 'POST', `/api/campaigns/${id}/pause`);
      expect(
        (await call(service, 'PATCH', `/api/campaigns/${id}`, { name: 'While paused' })).body.settings.name,
      ).toBe('While paused');
    });
  });

  describe('control: start, pause, resume, stop', () => {
    it('walks draft → running → paused (with a reason) → running → stopped', async () => {
      const id = await createCampaign(service);
      expect((await call(service, 'POST', `/api/campaigns/${id}/start`)).body.status).toBe('running');
      const paused = await call(service, 'POST', `/api/campaigns/${id}/pause`, { reason: 'lunch' });
      expect(paused.status).toBe(200);
      expect(paused.body).toMatchObject({ status: 'paused', pauseReason: 'lunch' });
      expect((await call(service, 'POST', `/api/campaigns/${id}/resume`)).body.status).toBe('running');
      const defaultReason = await call(service, 'POST', `/api/campaigns/${id}/pause`);
      expect(defaultReason.body.pauseReason).toBe('operator');
      expect((await call(service, 'POST', `/api/campaigns/${id}/stop`)).body.status).toBe('stopped');
    });

    it('answers 409 for an illegal transition, 404 for an unknown campaign, 400 for a bad reason', async () => {
      const id = await createCampaign(service);
      const pauseDraft = await call(service, 'POST', `/api/campaigns/${id}/pause`);
      expect(pauseDraft.status).toBe(409);
      expect(pauseDraft.body).toMatchObject({ error: 'campaign.illegal-transition' });
      expect((await call(service, 'POST', `/api/campaigns/${id}/resume`)).status).toBe(409);
      await call(service, 'POST', `/api/campaigns/${id}/stop`);
      const resumeStopped = await call(service, 'POST', `/api/campaigns/${id}/resume`);
      expect(resumeStopped.status).toBe(409);
      expect(resumeStopped.body.message).toContain('stopped');
      expect((await call(service, 'POST', `/api/campaigns/${id}/start`)).status).toBe(409);

      expect((await call(service, 'POST', '/api/campaigns/nope/start')).status).toBe(404);
      expect((await call(service, 'POST', '/api/campaigns/nope/stop')).status).toBe(404);

      const running = await createCampaign(service);
      await call(service, 'POST', `/api/campaigns/${running}/start`);
      const blank = await call(service, 'POST', `/api/campaigns/${running}/pause`, { reason: '  ' });
      expect(blank.status).toBe(400);
      expect(blank.body).toMatchObject({ details: { field: 'reason' } });
      const wrongType = await call(service, 'POST', `/api/campaigns/${running}/pause`, { reason: 7 });
      expect(wrongType.status).toBe(400);
      expect(wrongType.body).toMatchObject({ details: [{ field: 'reason' }] });
    });
  });

  describe('agent assignment', () => {
    it('assigns and unassigns agents', async () => {
      const id = await createCampaign(service);
      const a = await registerAgent(service);
      const b = await registerAgent(service);
      const assigned = await call(service, 'POST', `/api/campaigns/${id}/agents`, { agentIds: [a, b, a] });
      expect(assigned.status).toBe(200);
      expect(assigned.body.agentIds).toEqual([a, b]);
      const unassigned = await call(service, 'DELETE', `/api/campaigns/${id}/agents/${a}`);
      expect(unassigned.status).toBe(200);
      expect(unassigned.body.agentIds).toEqual([b]);
      const agent = await call(service, 'GET', `/api/agents/${b}`);
      expect(agent.body.campaigns).toEqual([id]);
    });

    it('answers 404 for an unknown campaign or agent and 400 for a bad body or id', async () => {
      const id = await createCampaign(service);
      const agentId = await registerAgent(service);
      expect(
        (await call(service, 'POST', '/api/campaigns/nope/agents', { agentIds: [agentId] })).status,
      ).toBe(404);
      const unknownAgent = await call(service, 'POST', `/api/campaigns/${id}/agents`, {
        agentIds: ['ghost'],
      });
      expect(unknownAgent.status).toBe(404);
      expect(unknownAgent.body).toMatchObject({ error: 'agent.not-found' });
      const empty = await call(service, 'POST', `/api/campaigns/${id}/agents`, { agentIds: [] });
      expect(empty.status).toBe(400);
      expect(empty.body).toMatchObject({ details: [{ field: 'agentIds' }] });
      expect((await call(service, 'DELETE', `/api/campaigns/nope/agents/${agentId}`)).status).toBe(404);
      const badAgentId = await call(service, 'DELETE', `/api/campaigns/${id}/agents/bad%20id`);
      expect(badAgentId.status).toBe(400);
      expect(badAgentId.body).toMatchObject({ details: [{ field: 'agentId' }] });
    });
  });
});
