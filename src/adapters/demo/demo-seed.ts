import type { CommandBus } from '@nestjs/cqrs';
import { AgentCommandMessage, CampaignCommandMessage, ContactCommandMessage } from '../../application/commands/command-messages.js';
import type { EventStore } from '../../application/ports/event-store.port.js';

export const DEMO_CAMPAIGN_ID = 'demo';
export const DEMO_AGENT_PREFIX = 'demo-agent-';
const DEMO_AGENTS = 5;
const DEMO_CONTACTS = 200;

async function isEmpty(events: EventStore): Promise<boolean> {
  for await (const _ of events.readAll({ maxCount: 1 })) return false;
  return true;
}

/**
 * On an empty store, a clearly labelled demo: 5 agents, 200 contacts, started, dialling through the sandbox
 * provider around the clock, so a fresh `npm start` visibly works. `DEMO=false` turns it off.
 */
export async function seedDemo(bus: CommandBus, events: EventStore, nowMs: number): Promise<boolean> {
  if (!(await isEmpty(events))) return false;
  const at = new Date(nowMs).toISOString();
  const ctx = (id: string) => ({ commandId: `demo-seed:${id}`, actor: 'demo' });
  await bus.execute(
    new CampaignCommandMessage(
      {
        type: 'CreateCampaign',
        campaignId: DEMO_CAMPAIGN_ID,
        at,
        settings: {
          name: 'DEMO — sandbox campaign (no real calls)',
          callerId: '+918047112233',
          provider: 'sandbox',
          window: { timeZone: 'Asia/Kolkata', days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '23:59' },
          wrapUpSec: 5,
          ringTimeoutSec: 30,
        },
      },
      ctx('campaign'),
    ),
  );
  for (let n = 1; n <= DEMO_AGENTS; n += 1) {
    const agentId = `${DEMO_AGENT_PREFIX}${n}`;
    await bus.execute(new AgentCommandMessage({ type: 'RegisterAgent', agentId, name: `Demo agent ${n}`, phone: `+9199000000${String(n).padStart(2, '0')}`, at }, ctx(`${agentId}:register`)));
    await bus.execute(new CampaignCommandMessage({ type: 'AssignAgent', campaignId: DEMO_CAMPAIGN_ID, agentId, at }, ctx(`${agentId}:assign`)));
    await bus.execute(new AgentCommandMessage({ type: 'MakeAgentAvailable', agentId, at }, ctx(`${agentId}:ready`)));
  }
  for (let n = 1; n <= DEMO_CONTACTS; n += 1) {
    const contactId = `demo-contact-${n}`;
    await bus.execute(
      new ContactCommandMessage({ type: 'AddContact', contactId, campaignId: DEMO_CAMPAIGN_ID, phone: `+9198${String(10_000_000 + n)}`, name: `Demo customer ${n}`, at }, ctx(contactId)),
    );
  }
  await bus.execute(new CampaignCommandMessage({ type: 'StartCampaign', campaignId: DEMO_CAMPAIGN_ID, at }, ctx('start')));
  return true;
}
