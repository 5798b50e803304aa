import { agentDecider } from '../../domain/agent/agent.decider.js';
import { campaignDecider } from '../../domain/campaign/campaign.decider.js';
import { contactDecider } from '../../domain/contact/contact.decider.js';
import type { Decider } from '../../domain/shared/decider.js';
import { handleCommand } from '../commands/handle-command.js';
import type { DialerEvent } from '../events/event-schemas.js';
import { streamOf } from '../events/streams.js';
import type { EventStore } from '../ports/event-store.port.js';
import { SIMULATION_CALLER_ID, agentIdOf, agentPhoneOf, contactIdOf, type SimulationPlan } from './simulation-plan.js';

const ACTOR = 'simulation';

/**
 * Writes the campaign the way operators would, through the deciders: created with the plan's settings, agents
 * registered, assigned and ready, contacts added, then started.
 */
export async function seedCampaign(events: EventStore, plan: SimulationPlan): Promise<void> {
  const at = new Date(plan.startMs).toISOString();
  const { campaignId } = plan;
  let sequence = 0;
  const run = <C, E extends DialerEvent, S>(decider: Decider<C, E, S>, streamId: string, command: C) =>
    handleCommand(events, decider, streamId, command, { commandId: `seed:${(sequence += 1)}`, actor: ACTOR });
  const campaign = streamOf.campaign(campaignId);

  await run(campaignDecider, campaign, {
    type: 'CreateCampaign',
    campaignId,
    at,
    settings: { name: `Simulation ${campaignId}`, callerId: SIMULATION_CALLER_ID, provider: 'sandbox', ...plan.settings },
  });
  for (let n = 1; n <= plan.agents; n += 1) {
    const agentId = agentIdOf(n);
    await run(agentDecider, streamOf.agent(agentId), { type: 'RegisterAgent', agentId, name: `Agent ${n}`, phone: agentPhoneOf(n), at });
    await run(campaignDecider, campaign, { type: 'AssignAgent', campaignId, agentId, at });
    await run(agentDecider, streamOf.agent(agentId), { type: 'MakeAgentAvailable', agentId, at });
  }
  for (const [n, contact] of plan.contacts.entries()) {
    const contactId = contactIdOf(n + 1);
    await run(contactDecider, streamOf.contact(contactId), {
      type: 'AddContact',
      contactId,
      campaignId,
      phone: contact.phone,
      ...(contact.priority === undefined ? {} : { priority: contact.priority }),
      at,
    });
  }
  await run(campaignDecider, campaign, { type: 'StartCampaign', campaignId, at });
}
