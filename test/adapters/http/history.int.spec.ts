import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CommandBus } from '@nestjs/cqrs';
import { AgentCommandMessage, ContactCommandMessage } from '../../../src/application/commands/command-messages.js';
import { startTestService, type TestService } from '../../support/test-service.js';

describe('audit history over HTTP (real SQLite, real HTTP)', () => {
  let service: TestService;
  const T0 = '2026-03-02T04:30:00.000Z';

  beforeAll(async () => {
    service = await startTestService();
    const bus = service.app.get(CommandBus);
    await bus.execute(new AgentCommandMessage({ type: 'RegisterAgent', agentId: 'ag1', name: 'Asha', phone: '09876543210', at: T0 }, { commandId: 'c-1', actor: 'api' }));
    await bus.execute(new AgentCommandMessage({ type: 'MakeAgentAvailable', agentId: 'ag1', at: T0 }, { commandId: 'c-2', actor: 'api' }));
    await bus.execute(new ContactCommandMessage({ type: 'AddContact', contactId: 'c1', campaignId: 'k1', phone: '9876500001', at: T0 }, { commandId: 'c-3', actor: 'import' }));
  });
  afterAll(() => service.close());

  it('lists an agent’s events in order with business time, recorded time and who caused them', async () => {
    const response = await service.api('/api/agents/ag1/history');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { streamId: string; events: { type: string; revision: number; at: string; recordedAt: string; actor: string; commandId: string }[] };
    expect(body.streamId).toBe('agent-ag1');
    expect(body.events.map((e) => [e.type, e.revision, e.actor, e.commandId])).toEqual([
      ['AgentRegistered', 0, 'api', 'c-1'],
      ['AgentBecameAvailable', 1, 'api', 'c-2'],
    ]);
    expect(body.events[0]!.at).toBe(T0);
    expect(Date.parse(body.events[0]!.recordedAt)).not.toBeNaN();
  });

  it('lists a contact’s history', async () => {
    const body = (await (await service.api('/api/contacts/c1/history')).json()) as { events: { type: string; data: { phone: string } }[] };
    expect(body.events).toHaveLength(1);
    expect(body.events[0]).toMatchObject({ type: 'ContactAdded', data: { phone: '+919876500001' } });
  });

  it('answers an unknown stream with an empty history', async () => {
    const body = (await (await service.api('/api/contacts/nobody/history')).json()) as { events: unknown[] };
    expect(body.events).toEqual([]);
  });

  it('rejects a bad id with 400 naming the field, and a missing API key with 401', async () => {
    const bad = await service.api('/api/contacts/%20bad%20id/history');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid-request', details: [{ field: 'id' }] });
    const anonymous = await fetch(`${service.baseUrl}/api/agents/ag1/history`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: 'unauthorized' });
  });
});
