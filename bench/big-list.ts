// A campaign with a very large list, written fast: campaign and agents through handleCommand, contacts as the
// contact decider's own events appended directly with many appends in flight (group commit).
import { handleCommand } from '../src/application/commands/handle-command.js';
import { eventIdFor } from '../src/application/events/event-ids.js';
import { streamOf } from '../src/application/events/streams.js';
import type { EventStore } from '../src/application/ports/event-store.port.js';
import { SIMULATION_CALLER_ID, agentIdOf, agentPhoneOf, contactIdOf } from '../src/application/simulation/simulation-plan.js';
import { agentDecider } from '../src/domain/agent/agent.decider.js';
import { campaignDecider } from '../src/domain/campaign/campaign.decider.js';
import type { CampaignSettingsInput } from '../src/domain/campaign/campaign-settings.js';
import { decideContact } from '../src/domain/contact/contact.decider.js';
import { initialContactState } from '../src/domain/contact/contact.state.js';

export const BIG_LIST_CAMPAIGN = 'big';
/** Monday 2 March 2026, 10:00 in Kolkata. */
export const BIG_LIST_START = Date.parse('2026-03-02T04:30:00.000Z');

const IN_FLIGHT = 500;

/** Open every day, all day: the bench measures the dialer, not the calling window. */
export const ALWAYS_OPEN: Pick<CampaignSettingsInput, 'window' | 'wrapUpSec'> = {
  window: { timeZone: 'Asia/Kolkata', days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '23:59' },
  wrapUpSec: 5,
};

export async function writeBigList(events: EventStore, agents: number, contacts: number, onProgress?: (written: number) => void): Promise<void> {
  const at = new Date(BIG_LIST_START).toISOString();
  const campaignId = BIG_LIST_CAMPAIGN;
  let sequence = 0;
  const context = () => ({ commandId: `big-list:${(sequence += 1)}`, actor: 'bench' });
  const campaign = streamOf.campaign(campaignId);
  await handleCommand(events, campaignDecider, campaign, { type: 'CreateCampaign', campaignId, at, settings: { name: 'Big list', callerId: SIMULATION_CALLER_ID, provider: 'sandbox', ...ALWAYS_OPEN } }, context());
  for (let n = 1; n <= agents; n += 1) {
    const agentId = agentIdOf(n);
    await handleCommand(events, agentDecider, streamOf.agent(agentId), { type: 'RegisterAgent', agentId, name: `Agent ${n}`, phone: agentPhoneOf(n), at }, context());
    await handleCommand(events, campaignDecider, campaign, { type: 'AssignAgent', campaignId, agentId, at }, context());
    await handleCommand(events, agentDecider, streamOf.agent(agentId), { type: 'MakeAgentAvailable', agentId, at }, context());
  }
  let pending: Promise<unknown>[] = [];
  for (let n = 1; n <= contacts; n += 1) {
    const contactId = contactIdOf(n);
    const added = decideContact({ type: 'AddContact', contactId, campaignId, phone: `+9198${String(10_000_000 + n)}`, at }, initialContactState);
    const commandId = `big-list:contact:${n}`;
    pending.push(events.append(streamOf.contact(contactId), added.map((event, index) => ({ id: eventIdFor(commandId, index), type: event.type, data: event.data, metadata: { commandId, actor: 'bench' } })), 'no_stream'));
    if (pending.length >= IN_FLIGHT) {
      await Promise.all(pending);
      pending = [];
      if (n % 100_000 === 0) onProgress?.(n);
    }
  }
  await Promise.all(pending);
  await handleCommand(events, campaignDecider, campaign, { type: 'StartCampaign', campaignId, at }, context());
}
