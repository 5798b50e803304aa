import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CommandBus } from '@nestjs/cqrs';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AgentCommandMessage,
  ContactCommandMessage,
} from '../../../../src/application/commands/command-messages.js';
import { newCommandId } from '../../../../src/application/events/event-ids.js';
import { ProjectionsService } from '../../../../src/application/projections/projections.service.js';
import type { AgentCommand } from '../../../../src/domain/agent/agent.commands.js';
import type { ContactCommand } from '../../../../src/domain/contact/contact.commands.js';
import type { CallOutcome } from '../../../../src/domain/dialing/outcome.mapping.js';
import { DEFAULT_RETRY_RULES } from '../../../../src/domain/dialing/retry.policy.js';
import { startTestService, type TestService } from '../../../support/test-service.js';
import { call, createCampaign, registerAgent, uniqueId } from './api-test-helpers.js';

describe('stats API: campaign and agent counters, live and as of a moment', () => {
  let service: TestService;
  let campaignId: string;
  let agentId: string;
  let pausedAgentId: string;
  let beforeCalls: string;
  const contacts = ['c-stats-1', 'c-stats-2', 'c-stats-3'].map((id) => `${id}-${process.pid}`);

  const now = () => new Date().toISOString();
  const bus = () => service.app.get(CommandBus);
  const agentCommand = (command: AgentCommand) =>
    bus().execute(new AgentCommandMessage(command, { commandId: newCommandId(), actor: 'test' }));
  const contactCommand = (command: ContactCommand) =>
    bus().execute(new ContactCommandMessage(command, { commandId: newCommandId(), actor: 'test' }));

  /** What the dialer and a provider callback would write for one call. */
  async function callEnds(contactId: string, outcome: CallOutcome, talkSec: number): Promise<void> {
    const attemptId = uniqueId('att');
    await agentCommand({ type: 'ReserveAgent', agentId, attemptId, contactId, campaignId, at: now() });
    await contactCommand({ type: 'DialContact', contactId, attemptId, agentId, at: now() });
    await agentCommand({ type: 'ConnectAgent', agentId, attemptId, at: now() });
    if (outcome === 'connected')
      await contactCommand({ type: 'RecordLegAnswered', contactId, attemptId, leg: 'customer', at: now() });
    const result = await contactCommand({
      type: 'TerminateCall',
      contactId,
      attemptId,
      outcome,
      counts: true,
      talkSec,
      retryRules: DEFAULT_RETRY_RULES,
      at: now(),
    });
    await agentCommand({ type: 'StartWrapUp', agentId, attemptId, wrapUpSec: 10, at: now() });
    const ended = await agentCommand({ type: 'EndWrapUp', agentId, attemptId, at: now() });
    const closed =
      outcome === 'connected'
        ? await contactCommand({ type: 'CloseWrapUp', contactId, attemptId, at: now() })
        : result;
    await service.app
      .get(ProjectionsService)
      .waitFor([ended.position, closed.position].reduce((a, b) => (b > a ? b : a)));
  }

  beforeAll(async () => {
    service = await startTestService();
    campaignId = await createCampaign(service);
    agentId = await registerAgent(service, { campaigns: [campaignId] });
    pausedAgentId = await registerAgent(service, { campaigns: [campaignId] });
    await call(
      service,
      'POST',
      `/api/campaigns/${campaignId}/contacts`,
      contacts.map((id, i) => ({ id, phone: `98765222${i}0` })),
    );
    await call(service, 'POST', `/api/agents/${agentId}/ready`);
    await call(service, 'POST', `/api/agents/${pausedAgentId}/ready`);
    await call(service, 'POST', `/api/agents/${pausedAgentId}/pause`, { reason: 'training' });
    await sleep(20);
    beforeCalls = now();
    await sleep(20);
    await callEnds(contacts[0]!, 'connected', 42);
    await callEnds(contacts[1]!, 'busy', 0);
  });
  afterAll(() => service.close());

  it('answers every key, consistently', async () => {
    const answer = await call(service, 'GET', `/api/campaigns/${campaignId}/stats`);
    expect(answer.status).toBe(200);
    const { queue, agents, performance, series, estimate } = answer.body;
    expect(queue).toEqual({
      total: 3,
      queued: 1,
      retryPending: 1,
      dialing: 0,
      completed: 1,
      remaining: 2,
      byDisposition: { reached: 1 },
    });
    expect(queue.total).toBe(queue.queued + queue.retryPending + queue.dialing + queue.completed);
    expect(agents).toEqual({
      total: 2,
      available: 1,
      onCall: 0,
      unavailable: 1,
      byStatus: { available: 1, reserved: 0, onCall: 0, wrapUp: 0, paused: 1, offline: 0 },
    });
    expect(performance).toMatchObject({
      totalDialed: 2,
      connected: 1,
      busy: 1,
      noAnswer: 0,
      failed: 0,
      canceled: 0,
      agentMissed: 0,
      abandoned: 0,
      connectRate: 0.5,
      avgTalkTime: 42,
    });
    expect(performance.totalDialed).toBe(
      performance.connected +
        performance.busy +
        performance.noAnswer +
        performance.failed +
        performance.canceled +
        performance.agentMissed,
    );
    expect(performance.avgHandleTime).toBeGreaterThanOrEqual(42);
    expect(performance.occupancy).toBeGreaterThan(0);
    expect(performance.occupancy).toBeLessThanOrEqual(1);
    expect(performance.loggedInSec).toBeGreaterThan(0);
    expect(performance.idleTimeSec).toBeGreaterThan(0);
    expect(performance.callsPerAgentHour).toBeGreaterThan(0);
    expect(answer.body.retriesPending).toBe(1);
    expect(series.reduce((sum: number, point: { dialed: number }) => sum + point.dialed, 0)).toBe(2);
    expect(series[series.length - 1]).toMatchObject({
      dialed: expect.any(Number),
      connected: expect.any(Number),
      busy: expect.any(Number),
    });
    expect(estimate).toMatchObject({
      remainingContacts: 2,
      avgDialsPerContact: 1,
      dialsLastHour: 2,
      finishInSec: expect.any(Number),
      finishAt: expect.any(String),
    });
  });

  it('answers as of a moment before the calls (replayed from the log)', async () => {
    const answer = await call(
      service,
      'GET',
      `/api/campaigns/${campaignId}/stats?asOf=${encodeURIComponent(beforeCalls)}`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.asOf).toBe(beforeCalls);
    expect(answer.body.queue).toMatchObject({ total: 3, queued: 3, retryPending: 0, completed: 0 });
    expect(answer.body.performance).toMatchObject({ totalDialed: 0, connected: 0, connectRate: 0 });
    expect(answer.body.agents).toMatchObject({ total: 2, available: 1, unavailable: 1 });
    expect(answer.body.estimate).toMatchObject({ remainingContacts: 3, finishInSec: null });
    const beforeAnything = await call(
      service,
      'GET',
      `/api/campaigns/${campaignId}/stats?asOf=2020-01-01T00:00:00Z`,
    );
    expect(beforeAnything.body.queue.total).toBe(0);
  });

  it('a replay to a moment after the last event gives the live counters', async () => {
    await sleep(20);
    const asOf = new Date(Date.now() - 5).toISOString();
    const [live, replayed] = await Promise.all([
      call(service, 'GET', `/api/campaigns/${campaignId}/stats`),
      call(service, 'GET', `/api/campaigns/${campaignId}/stats?asOf=${encodeURIComponent(asOf)}`),
    ]);
    expect(replayed.body.queue).toEqual(live.body.queue);
    expect(replayed.body.series).toEqual(live.body.series);
    expect(replayed.body.agents).toEqual(live.body.agents);
    const {
      occupancy: _o,
      idleTimeSec: _i,
      loggedInSec: _l,
      callsPerAgentHour: _c,
      ...countsReplayed
    } = replayed.body.performance;
    const {
      occupancy: _o2,
      idleTimeSec: _i2,
      loggedInSec: _l2,
      callsPerAgentHour: _c2,
      ...countsLive
    } = live.body.performance;
    expect(countsReplayed).toEqual(countsLive);
  });

  it('answers 404 for an unknown campaign, 400 for a bad asOf or an unknown parameter', async () => {
    expect((await call(service, 'GET', '/api/campaigns/nope/stats')).status).toBe(404);
    const badTime = await call(service, 'GET', `/api/campaigns/${campaignId}/stats?asOf=yesterday`);
    expect(badTime.status).toBe(400);
    expect(badTime.body).toMatchObject({ details: [{ field: 'asOf' }] });
    expect((await call(service, 'GET', `/api/campaigns/${campaignId}/stats?since=1`)).status).toBe(400);
  });

  it('answers per-agent stats, live and as of a moment', async () => {
    const live = await call(service, 'GET', `/api/agents/${agentId}/stats`);
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({
      agentId,
      status: 'available',
      campaigns: [campaignId],
      calls: 2,
      outcomes: { connected: 1, busy: 1 },
      talkSec: 42,
      avgTalkTime: 42,
    });
    expect(live.body.timeInStatusSec.loggedIn).toBeGreaterThan(0);
    expect(live.body.occupancy).toBeGreaterThan(0);
    const earlier = await call(
      service,
      'GET',
      `/api/agents/${agentId}/stats?asOf=${encodeURIComponent(beforeCalls)}`,
    );
    expect(earlier.body).toMatchObject({ status: 'available', calls: 0, occupancy: 0 });
    expect((await call(service, 'GET', '/api/agents/ghost/stats')).status).toBe(404);
    expect((await call(service, 'GET', `/api/agents/${agentId}/stats?asOf=soon`)).status).toBe(400);
  });
});
