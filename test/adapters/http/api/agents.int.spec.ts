import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CommandBus } from '@nestjs/cqrs';
import {
  AgentCommandMessage,
  ContactCommandMessage,
} from '../../../../src/application/commands/command-messages.js';
import { newCommandId } from '../../../../src/application/events/event-ids.js';
import type { AgentCommand } from '../../../../src/domain/agent/agent.commands.js';
import type { ContactCommand } from '../../../../src/domain/contact/contact.commands.js';
import { DEFAULT_RETRY_RULES } from '../../../../src/domain/dialing/retry.policy.js';
import { startTestService, type TestService } from '../../../support/test-service.js';
import { call, createCampaign, registerAgent, uniqueId } from './api-test-helpers.js';

describe('agents API: register, presence, disposition', () => {
  let service: TestService;
  const now = () => new Date().toISOString();
  const agentCommand = (command: AgentCommand) =>
    service.app
      .get(CommandBus)
      .execute(new AgentCommandMessage(command, { commandId: newCommandId(), actor: 'test' }));
  const contactCommand = (command: ContactCommand) =>
    service.app
      .get(CommandBus)
      .execute(new ContactCommandMessage(command, { commandId: newCommandId(), actor: 'test' }));

  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(() => service.close());

  describe('POST /api/agents', () => {
    it('registers an agent (offline), with a normalised phone, a CCM user id and campaigns', async () => {
      const campaignId = await createCampaign(service);
      const id = uniqueId('ag');
      const answer = await call(service, 'POST', '/api/agents', {
        id,
        name: 'Asha',
        phone: '09876543210',
        ccmUserId: 'u-17',
        campaigns: [campaignId],
      });
      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({
        id,
        name: 'Asha',
        phone: '+919876543210',
        ccmUserId: 'u-17',
        status: 'offline',
        campaigns: [campaignId],
      });
      expect((await call(service, 'GET', `/api/campaigns/${campaignId}`)).body.agentIds).toEqual([id]);
      const generated = await call(service, 'POST', '/api/agents', { name: 'Bo', phone: '+919876543211' });
      expect(generated.status).toBe(201);
      expect(generated.body.id).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('answers 400 naming the field, 409 for an id in use, 404 for an unknown campaign', async () => {
      const badPhone = await call(service, 'POST', '/api/agents', { name: 'Asha', phone: '12' });
      expect(badPhone.status).toBe(400);
      expect(badPhone.body).toMatchObject({ details: { field: 'phone' } });
      const noName = await call(service, 'POST', '/api/agents', { phone: '9876543210' });
      expect(noName.status).toBe(400);
      expect(noName.body).toMatchObject({ details: [{ field: 'name' }] });
      const id = await registerAgent(service);
      const again = await call(service, 'POST', '/api/agents', { id, name: 'x', phone: '9876543212' });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ error: 'agent.already-registered' });
      const unknownCampaign = await call(service, 'POST', '/api/agents', {
        name: 'x',
        phone: '9876543213',
        campaigns: ['nope'],
      });
      expect(unknownCampaign.status).toBe(404);
    });
  });

  describe('GET /api/agents and /api/agents/:id', () => {
    it('lists agents with their presence, filtered by campaign and status', async () => {
      const campaignId = await createCampaign(service);
      const a = await registerAgent(service, { campaigns: [campaignId] });
      const b = await registerAgent(service, { campaigns: [campaignId] });
      await call(service, 'POST', `/api/agents/${a}/ready`);
      const all = await call(service, 'GET', `/api/agents?campaignId=${campaignId}`);
      expect(all.status).toBe(200);
      expect(all.body.agents.map((agent: { id: string }) => agent.id).sort()).toEqual([a, b].sort());
      const available = await call(service, 'GET', `/api/agents?campaignId=${campaignId}&status=available`);
      expect(available.body.agents).toEqual([
        expect.objectContaining({ id: a, status: 'available', idleSince: expect.any(String) }),
      ]);
      expect((await call(service, 'GET', `/api/agents/${b}`)).body).toMatchObject({
        id: b,
        status: 'offline',
        campaigns: [campaignId],
      });
    });

    it('answers 404 for an unknown agent and 400 for a bad id or filter', async () => {
      expect((await call(service, 'GET', '/api/agents/ghost')).status).toBe(404);
      expect((await call(service, 'GET', '/api/agents/bad%20id')).status).toBe(400);
      const badFilter = await call(service, 'GET', '/api/agents?status=asleep');
      expect(badFilter.status).toBe(400);
      expect(badFilter.body).toMatchObject({ details: [{ field: 'status' }] });
    });
  });

  describe('presence: ready, pause, logout', () => {
    it('makes an agent ready, pauses with a reason, logs out', async () => {
      const id = await registerAgent(service);
      expect((await call(service, 'POST', `/api/agents/${id}/ready`)).body).toMatchObject({
        status: 'available',
      });
      expect(
        (await call(service, 'POST', `/api/agents/${id}/pause`, { reason: 'break' })).body,
      ).toMatchObject({ status: 'paused', reason: 'break' });
      expect((await call(service, 'POST', `/api/agents/${id}/logout`)).body).toMatchObject({
        status: 'offline',
      });
    });

    it('answers 400 for a missing reason, 404 for an unknown agent, 409 when pausing a logged-out agent or readying a busy one', async () => {
      const id = await registerAgent(service);
      const noReason = await call(service, 'POST', `/api/agents/${id}/pause`, {});
      expect(noReason.status).toBe(400);
      expect(noReason.body).toMatchObject({ details: [{ field: 'reason' }] });
      expect((await call(service, 'POST', '/api/agents/ghost/ready')).status).toBe(404);
      expect((await call(service, 'POST', '/api/agents/ghost/logout')).status).toBe(404);
      expect((await call(service, 'POST', '/api/agents/ghost/pause', { reason: 'x' })).status).toBe(404);
      const offline = await call(service, 'POST', `/api/agents/${id}/pause`, { reason: 'break' });
      expect(offline.status).toBe(409);
      expect(offline.body).toMatchObject({ error: 'agent.offline' });

      await call(service, 'POST', `/api/agents/${id}/ready`);
      await agentCommand({
        type: 'ReserveAgent',
        agentId: id,
        attemptId: uniqueId('att'),
        contactId: 'c-x',
        campaignId: 'k-x',
        at: now(),
      });
      const busy = await call(service, 'POST', `/api/agents/${id}/ready`);
      expect(busy.status).toBe(409);
      expect(busy.body).toMatchObject({ error: 'agent.busy' });
      const later = await call(service, 'POST', `/api/agents/${id}/pause`, { reason: 'lunch' });
      expect(later.body).toMatchObject({ status: 'reserved', afterCall: 'pause' });
    });
  });

  describe('POST /api/agents/:id/disposition', () => {
    it('records the disposition on the contact of the agent’s current call, and a callback on its last one', async () => {
      const campaignId = await createCampaign(service);
      const agentId = await registerAgent(service, { campaigns: [campaignId] });
      const contactId = uniqueId('c');
      await call(service, 'POST', `/api/campaigns/${campaignId}/contacts`, [
        { id: contactId, phone: '9876511111' },
      ]);
      await call(service, 'POST', `/api/agents/${agentId}/ready`);
      const attemptId = uniqueId('att');
      await agentCommand({ type: 'ReserveAgent', agentId, attemptId, contactId, campaignId, at: now() });
      await contactCommand({ type: 'DialContact', contactId, attemptId, agentId, at: now() });
      await agentCommand({ type: 'ConnectAgent', agentId, attemptId, at: now() });
      await contactCommand({ type: 'RecordLegAnswered', contactId, attemptId, leg: 'customer', at: now() });
      await contactCommand({
        type: 'TerminateCall',
        contactId,
        attemptId,
        outcome: 'connected',
        counts: true,
        talkSec: 42,
        retryRules: DEFAULT_RETRY_RULES,
        at: now(),
      });
      await agentCommand({ type: 'StartWrapUp', agentId, attemptId, wrapUpSec: 60, at: now() });

      const sale = await call(service, 'POST', `/api/agents/${agentId}/disposition`, {
        code: 'sale',
        note: 'renewed for a year',
      });
      expect(sale.status).toBe(200);
      expect(sale.body).toMatchObject({
        id: contactId,
        status: 'done',
        disposition: 'reached',
        attempts: [{ attemptId, agentId, outcome: 'connected', talkSec: 42, counts: true }],
        dispositions: [{ code: 'sale', attemptId, agentId, note: 'renewed for a year' }],
      });

      const callbackAt = new Date(Date.now() + 86_400_000).toISOString();
      const callback = await call(service, 'POST', `/api/agents/${agentId}/disposition`, {
        code: 'call-back',
        callbackAt,
      });
      expect(callback.status).toBe(200);
      expect(callback.body).toMatchObject({ status: 'queued', isRetry: true, dueAt: callbackAt });
    });

    it('answers 400 naming contactId for an agent with no call, 400 for a bad code or time, 404 for unknown agent or contact', async () => {
      const agentId = await registerAgent(service);
      const noCall = await call(service, 'POST', `/api/agents/${agentId}/disposition`, { code: 'sale' });
      expect(noCall.status).toBe(400);
      expect(noCall.body).toMatchObject({ details: { field: 'contactId' } });
      const badCode = await call(service, 'POST', `/api/agents/${agentId}/disposition`, {
        code: 'no spaces please',
        contactId: 'x',
      });
      expect(badCode.status).toBe(400);
      const badTime = await call(service, 'POST', `/api/agents/${agentId}/disposition`, {
        code: 'cb',
        callbackAt: 'tomorrow',
        contactId: 'x',
      });
      expect(badTime.status).toBe(400);
      expect(badTime.body).toMatchObject({ details: [{ field: 'callbackAt' }] });
      expect(
        (await call(service, 'POST', '/api/agents/ghost/disposition', { code: 'sale', contactId: 'x' }))
          .status,
      ).toBe(404);
      const unknownContact = await call(service, 'POST', `/api/agents/${agentId}/disposition`, {
        code: 'sale',
        contactId: 'nobody',
      });
      expect(unknownContact.status).toBe(404);
      expect(unknownContact.body).toMatchObject({ error: 'contact.not-found' });
    });
  });
});
